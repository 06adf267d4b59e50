package org.consilium.platform;

import org.jspecify.annotations.Nullable;

/** Versions as HTTP entity tags: {@code ETag: "3"} out, {@code If-Match: "3"} in. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an {@code If-Match} header names: null without one, and -1 (which matches no version) for one that
     * cannot be read, so a garbled tag is a stale one rather than a missing one.
     */
    public static @Nullable Long version(@Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            return -1L;
        }
    }
}
