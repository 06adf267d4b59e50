package org.consilium.platform.internal;

/** Start-up refusals: a setting that is missing or wrong, said in one sentence the start-up report shows. */
public final class Refusals {

    private Refusals() {
    }

    /** An exception whose message {@link RefusalFailureAnalyzer} turns into the short start-up report. */
    public static IllegalStateException refuse(String reason) {
        return new IllegalStateException(RefusalFailureAnalyzer.PREFIX + reason);
    }
}
