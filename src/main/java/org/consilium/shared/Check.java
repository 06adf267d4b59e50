package org.consilium.shared;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Collects input violations so a form or request gets every problem at once, not one per round trip.
 * Value objects use it in their constructors.
 */
public final class Check {

    /** The longest file name an upload may have, in characters (Unicode code points), as file systems allow. */
    public static final int MAX_FILE_NAME = 255;
    public static final String FILE_NAME_TOO_LONG = "the file name is too long (at most " + MAX_FILE_NAME
            + " characters)";

    private static final java.util.regex.Pattern EMAIL_ADDRESS =
            java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final List<InvalidInputException.Violation> violations = new ArrayList<>();

    public Check required(String field, @Nullable String value, int maxLength) {
        if (value == null || value.isBlank()) {
            violations.add(new InvalidInputException.Violation(field, FieldLabels.of(field) + " is required"));
        } else {
            maxLength(field, value, maxLength);
        }
        return this;
    }

    /** At most {@code maxLength} characters, and no control characters but tab and line breaks. */
    public Check maxLength(String field, @Nullable String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            violations.add(new InvalidInputException.Violation(field,
                    FieldLabels.of(field) + " is too long (at most " + maxLength + " characters)"));
        } else if (value != null && hasControlCharacters(value)) {
            violations.add(new InvalidInputException.Violation(field,
                    FieldLabels.of(field) + " contains control characters that text may not hold"));
        } else if (value != null && hasUnpairedSurrogates(value)) {
            violations.add(new InvalidInputException.Violation(field, FieldLabels.of(field)
                    + " contains a character that is not valid text (half of a UTF-16 surrogate pair)"));
        }
        return this;
    }

    /**
     * Whether the text holds half of a surrogate pair, which a JSON escape of a code unit (backslash, u, D800) can
     * carry but no text encoding can store: the database would keep a question mark in its place.
     */
    public static boolean hasUnpairedSurrogates(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the text holds a control character other than tab, line feed and carriage return. */
    public static boolean hasControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} has the shape of an e-mail address: something, an at sign, a domain with a dot. */
    public static boolean isEmailAddress(String text) {
        return EMAIL_ADDRESS.matcher(text).matches();
    }

    /** Whether a violation was already found in {@code field}. */
    public boolean has(String field) {
        return violations.stream().anyMatch(v -> v.field().equals(field));
    }

    public Check that(boolean condition, String field, String message) {
        if (!condition) {
            violations.add(new InvalidInputException.Violation(field, message));
        }
        return this;
    }

    /**
     * Parses an enum constant by name; an unknown or missing value becomes a violation listing the accepted values,
     * and the answer is then null.
     */
    public <E extends Enum<E>> @Nullable E oneOf(String field, @Nullable String value, Class<E> type, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                violations.add(new InvalidInputException.Violation(field, FieldLabels.of(field) + " is required"));
            }
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value.strip())) {
                return constant;
            }
        }
        String accepted = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .collect(java.util.stream.Collectors.joining(", "));
        violations.add(new InvalidInputException.Violation(field,
                FieldLabels.of(field) + " '" + shown(value) + "' is not one of " + accepted));
        return null;
    }

    /**
     * Parses an ISO date ({@code 2026-12-31}); blank is null, and so is anything else, which becomes a violation
     * showing the {@code example}.
     */
    public @Nullable LocalDate date(String field, @Nullable String value, String example) {
        String text = trimToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            violations.add(new InvalidInputException.Violation(field,
                    FieldLabels.of(field) + " must be a date like " + example));
            return null;
        }
    }

    /**
     * What a client sent, cut to 40 characters for a message that quotes it: enough to recognise, too little to
     * reflect a long attack back at anyone.
     */
    public static String shown(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    public Check add(InvalidInputException.Violation violation) {
        violations.add(violation);
        return this;
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    /** Throws with every violation collected so far, if there is any. */
    public void orThrow() {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    /** An e-mail address as accounts and invitations are kept and compared: trimmed, in lower case. */
    public static String normalisedEmail(String email) {
        return email.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** Blank text becomes null; other text is trimmed. */
    public static @Nullable String trimToNull(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
