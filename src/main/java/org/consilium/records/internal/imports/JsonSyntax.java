package org.consilium.records.internal.imports;

import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON read once, as a stream of tokens, to tell whether it is a FHIR bundle and, when it is broken, where: Jackson's
 * line and column point at the character it could not take. Nesting, names and strings are capped, so a document
 * made to exhaust the parser is refused like a broken one.
 */
final class JsonSyntax {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(SafeXml.MAX_DEPTH)
                    .maxStringLength(20 * 1024 * 1024)
                    .maxNameLength(10_000)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A broken JSON document that still says it is a bundle, near its start. */
    private static final Pattern SAYS_BUNDLE = Pattern.compile("\"resourceType\"\\s*:\\s*\"Bundle\"");

    private JsonSyntax() {
    }

    /**
     * Whether the content is, or sets out to be, a FHIR bundle: a JSON object whose {@code resourceType} is
     * {@code Bundle}. A document broken before its resource type is read counts when its text says so.
     */
    static boolean isBundle(byte[] content) {
        try (JsonParser parser = JSON.createParser(content)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("resourceType".equals(name)) {
                    return value == JsonToken.VALUE_STRING && "Bundle".equals(parser.getString());
                }
                parser.skipChildren();
            }
            return false;
        } catch (JacksonException e) {
            String start = new String(content, 0, Math.min(content.length, 64 * 1024),
                    java.nio.charset.StandardCharsets.UTF_8);
            return start.stripLeading().replace("\uFEFF", "").startsWith("{") && SAYS_BUNDLE.matcher(start).find();
        }
    }

    /** Reads the whole document; a problem is reported with its line and column. */
    static void check(byte[] content) {
        try (JsonParser parser = JSON.createParser(content)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedImport(1, 1, "a FHIR bundle in JSON is one object, { … }");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                TokenStreamLocation at = parser.currentTokenLocation();
                throw new MalformedImport(at.getLineNr(), at.getColumnNr(), "more follows the end of the bundle");
            }
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            throw new MalformedImport(at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    SafeXml.sentence(e.getOriginalMessage()));
        }
    }
}
