package org.consilium.shared;

import org.jspecify.annotations.Nullable;

/**
 * The version of a versioned thing (an opinion draft, a case draft) that a writer last saw, from an {@code If-Match}
 * header or a form's hidden field; null when the writer sent none.
 */
public record ExpectedVersion(@Nullable Long value) {

    /**
     * Passes when the writer edited the current version. Once the thing exists ({@code current > 0}), a write without
     * a version is refused (428) and a write of an older one too (412), so two windows never overwrite each other.
     *
     * @param thing what is written, as the reason names it ("draft", "case")
     */
    public void check(String thing, long current) {
        if (current <= 0) {
            return;
        }
        if (value == null) {
            throw VersionConflictException.required("send If-Match with the ETag of the " + thing + " you edited");
        }
        if (value != current) {
            throw VersionConflictException.stale("the " + thing + " was changed elsewhere (now version " + current
                    + "); reload it and apply your edits", current);
        }
    }
}
