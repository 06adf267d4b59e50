package org.consilium.platform.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON request bodies bind strictly: a value must have the JSON type the API documents, a key may appear once, and
 * every property must be one the endpoint knows. A lenient parser guesses instead (1 becomes {@code true}, 5 becomes
 * {@code "5"}, the second of two {@code diagnosis} keys silently wins, a misspelt property is dropped), and a guess
 * about a patient's consent or diagnosis is worse than a 400 that names the field ({@link JsonInputProblems}).
 */
@Component
final class StrictJson implements JsonMapperBuilderCustomizer, Ordered {

    @Override
    public void customize(JsonMapper.Builder builder) {
        builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // Jackson converts numbers and booleans to text without asking; these say no to each pair.
                .withCoercionConfig(LogicalType.Textual, config -> refuse(config,
                        CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Boolean, config -> refuse(config,
                        CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.String,
                        CoercionInputShape.EmptyString))
                .withCoercionConfig(LogicalType.Integer, config -> refuse(config,
                        CoercionInputShape.Float, CoercionInputShape.Boolean, CoercionInputShape.String,
                        CoercionInputShape.EmptyString))
                .withCoercionConfig(LogicalType.Float, config -> refuse(config,
                        CoercionInputShape.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString));
    }

    private static void refuse(MutableCoercionConfig config, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            config.setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** After Spring Boot's own customizer, which turns unknown properties back into something to ignore. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
