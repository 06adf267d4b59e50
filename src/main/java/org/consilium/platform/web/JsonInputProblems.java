package org.consilium.platform.web;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.consilium.shared.Check;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with a JSON body the {@link StrictJson strict} mapper refused, in the API's words: the field as
 * the API guide names it ({@code questions[0].kind}) and what the API expected there. It quotes nothing a client
 * sent but property names, each cut short, and never Jackson's own message, which quotes the value.
 */
final class JsonInputProblems {

    private JsonInputProblems() {
    }

    /**
     * One thing wrong with a body: about a field, or ({@code field} null) about the body as a whole.
     */
    record Problem(@Nullable String field, String message) {
    }

    static Problem of(JacksonException e) {
        String field = field(e.getPath());
        return switch (e) {
            case UnrecognizedPropertyException unknown -> new Problem(field, "unknown property \"" + field + "\"");
            case MismatchedInputException mismatch when field.isEmpty() ->
                    new Problem(null, "The request body " + expected(mismatch.getTargetType()) + ".");
            case MismatchedInputException mismatch ->
                    new Problem(field, field + " " + expected(mismatch.getTargetType()));
            case InputCoercionException range when !field.isEmpty() ->
                    new Problem(field, field + " is a number too large for this field");
            case StreamConstraintsException limit ->
                    new Problem(null, "The request body is nested too deeply or holds a value too long.");
            case JacksonIOException io -> new Problem(null, "The request body could not be read.");
            default -> {
                String duplicate = duplicateKey(e);
                if (duplicate != null) {
                    String named = field.isEmpty() ? duplicate : field + "." + duplicate;
                    yield new Problem(named, "duplicate key \"" + named + "\"");
                }
                yield new Problem(null, "The request body is not valid JSON" + where(e.getLocation()) + ".");
            }
        };
    }

    /**
     * The key a duplicate-detecting parser refused. jackson-core raises a plain read error for it, recognisable
     * only by its message; the parser's current name is the key, set just before the check fails.
     */
    private static @Nullable String duplicateKey(JacksonException e) {
        if (e.getOriginalMessage() == null || !e.getOriginalMessage().startsWith("Duplicate Object property")) {
            return null;
        }
        String name = e.processor() instanceof JsonParser parser ? parser.currentName() : null;
        return name == null ? "?" : Check.shown(name);
    }

    /** {@code questions[0].kind}: property names joined by dots, list positions in brackets. */
    private static String field(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference step : path) {
            if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            } else if (step.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(Check.shown(step.getPropertyName()));
            }
        }
        return field.toString();
    }

    private static String expected(@Nullable Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be a JSON boolean (true or false)";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == BigInteger.class) {
            return "must be a whole JSON number";
        }
        if (type == double.class || type == float.class || Number.class.isAssignableFrom(type)) {
            return "must be a JSON number";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class
                || type.isEnum()) {
            return "must be a JSON string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be a JSON array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java")) {
            return "must be a JSON object";
        }
        // A JDK value written as a string, such as a UUID or a date, whose text did not parse.
        return "has the wrong format";
    }

    private static String where(@Nullable TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1 || location.getColumnNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
