package org.consilium.intake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.consilium.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/** One page of a case list, newest activity first, and the cursor of the next page (null on the last). */
public record CasePage(List<CaseSummary> items, @Nullable String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** Where a page starts: strictly after this (last activity, id) pair of the previous page. */
    public record Cursor(Instant updatedAt, UUID id) {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((updatedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        /** Parses a cursor handed out earlier; anything else is a clear 400, never a silent first page. */
        public static @Nullable Cursor decode(@Nullable String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8)
                        .split("\\|", 2);
                return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw new InvalidInputException("cursor", "cursor is not one this API handed out");
            }
        }
    }

    /** A page size within bounds; out-of-range values are a 400 that says the bounds. */
    public static int limit(@Nullable Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw new InvalidInputException("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }
}
