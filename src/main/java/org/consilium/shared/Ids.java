package org.consilium.shared;

import java.util.UUID;

/** Parsing of identifiers that arrive as text in paths and forms. */
public final class Ids {

    private Ids() {
    }

    /**
     * Parses a UUID; text that is not one is reported as a missing {@code kind}, because an id that cannot exist
     * is simply not found.
     */
    public static UUID parse(String text, String kind) {
        try {
            return UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(kind + " not found");
        }
    }
}
