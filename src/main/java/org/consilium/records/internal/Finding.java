package org.consilium.records.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a file, or something inside it, cannot be accepted: what it is, in words a patient understands, what to do
 * instead, and where it sits when it was found inside an archive ({@code inside} lists the entries from the outermost
 * archive in; empty when the finding is about the uploaded file itself).
 */
record Finding(String what, String advice, List<String> inside) {

    static final String NO_PROGRAMS = "programs and scripts cannot be uploaded";

    Finding {
        inside = List.copyOf(inside);
    }

    Finding(String what, String advice) {
        this(what, advice, List.of());
    }

    static Finding program(String kind) {
        return new Finding("a program (" + kind + ")", NO_PROGRAMS);
    }

    static Finding script(String kind) {
        return new Finding("a script (" + kind + ")", NO_PROGRAMS);
    }

    /** Content a browser or viewer runs: web pages, SVG, shortcuts, settings files. */
    static Finding active(String kind) {
        return new Finding(kind + ", which can run code", NO_PROGRAMS + "; save it as PDF and upload that");
    }

    static Finding macros(String kind) {
        return new Finding("a document with macros (" + kind + ")",
                "save it without macros (for example as .docx or .xlsx) and upload it again");
    }

    static Finding passwordProtected(String kind) {
        return new Finding("a password-protected " + kind, "remove the password and upload it again");
    }

    static Finding damaged(String kind) {
        return new Finding("a damaged " + kind + " that cannot be checked",
                "save or export it again and upload the new copy");
    }

    /** The same finding, seen from the archive that holds the entry it was found in. */
    Finding within(String entry) {
        List<String> path = new ArrayList<>(inside.size() + 1);
        path.add(entry);
        path.addAll(inside);
        return new Finding(what, advice, path);
    }

    /** The sentence for the person who uploaded the file. */
    String reason() {
        return inside.isEmpty()
                ? "this file is " + what + "; " + advice
                : "the archive holds " + what + ": " + String.join("/", inside) + "; " + advice;
    }
}
