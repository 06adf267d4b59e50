package org.consilium.records.internal;

/** What screening an upload concluded: accepted as a type under a safe name, or refused with a reason. */
public sealed interface Verdict {

    /** The file may be stored: its type as detected from its bytes, and the name to keep, with that type's extension. */
    record Accepted(String contentType, String filename) implements Verdict {
    }

    /** The file is refused; the reason is written for the person who uploaded it. */
    record Refused(String reason) implements Verdict {
    }
}
