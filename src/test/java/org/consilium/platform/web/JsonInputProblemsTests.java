package org.consilium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The strict mapper's refusals, each turned into the field and the words the API answers with. */
class JsonInputProblemsTests {

    private static final JsonMapper STRICT = strictMapper();

    record Item(@Nullable String name, @Nullable Integer count) {
    }

    record Body(@Nullable String name, @Nullable Integer limit, @Nullable Double ratio, @Nullable Boolean flag,
            int primitive, @Nullable UUID id, @Nullable List<Item> items) {
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("{\"primitive\": 1, \"limit\": \"5\"}", "limit", "limit must be a whole JSON number"),
                Arguments.of("{\"primitive\": 1, \"limit\": 5.5}", "limit", "limit must be a whole JSON number"),
                Arguments.of("{\"primitive\": 1, \"limit\": true}", "limit", "limit must be a whole JSON number"),
                Arguments.of("{\"primitive\": 1, \"limit\": 99999999999}", "limit",
                        "limit is a number too large for this field"),
                Arguments.of("{\"primitive\": 1, \"ratio\": \"0.5\"}", "ratio", "ratio must be a JSON number"),
                Arguments.of("{\"primitive\": 1, \"flag\": 0}", "flag", "flag must be a JSON boolean (true or false)"),
                Arguments.of("{\"primitive\": 1, \"flag\": \"false\"}", "flag",
                        "flag must be a JSON boolean (true or false)"),
                Arguments.of("{\"primitive\": 1, \"flag\": \"\"}", "flag",
                        "flag must be a JSON boolean (true or false)"),
                Arguments.of("{\"primitive\": null}", "primitive", "primitive must be a whole JSON number"),
                Arguments.of("{\"primitive\": 1, \"name\": 5}", "name", "name must be a JSON string"),
                Arguments.of("{\"primitive\": 1, \"name\": 5.0}", "name", "name must be a JSON string"),
                Arguments.of("{\"primitive\": 1, \"name\": {}}", "name", "name must be a JSON string"),
                Arguments.of("{\"primitive\": 1, \"id\": \"not-a-uuid\"}", "id", "id has the wrong format"),
                Arguments.of("{\"primitive\": 1, \"items\": {}}", "items", "items must be a JSON array"),
                Arguments.of("{\"primitive\": 1, \"items\": [1]}", "items[0]", "items[0] must be a JSON object"),
                Arguments.of("{\"primitive\": 1, \"items\": [{}, {\"count\": \"2\"}]}", "items[1].count",
                        "items[1].count must be a whole JSON number"),
                Arguments.of("{\"primitive\": 1, \"items\": [{\"nmae\": \"x\"}]}", "items[0].nmae",
                        "unknown property \"items[0].nmae\""),
                Arguments.of("{\"primitive\": 1, \"name\": \"a\", \"name\": \"b\"}", "name",
                        "duplicate key \"name\""),
                Arguments.of("{\"primitive\": 1, \"items\": [{\"name\": \"a\", \"name\": \"b\"}]}", "items[0].name",
                        "duplicate key \"items[0].name\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void a_refused_value_names_its_field_and_what_was_expected(String json, String field, String message) {
        // when
        JsonInputProblems.Problem problem = problemReading(json);

        // then
        assertThat(problem.field()).isEqualTo(field);
        assertThat(problem.message()).isEqualTo(message);
    }

    @Test
    void what_the_api_documents_is_read() {
        // when
        Body body = STRICT.readValue("{\"primitive\": 1, \"limit\": 5, \"ratio\": 1, \"flag\": true, "
                + "\"name\": null, \"items\": [{\"name\": \"a\", \"count\": 2}]}", Body.class);

        // then
        assertThat(body.limit()).isEqualTo(5);
        assertThat(body.ratio()).isEqualTo(1.0);
        assertThat(body.flag()).isTrue();
        assertThat(body.items()).containsExactly(new Item("a", 2));
    }

    @Test
    void a_body_that_is_not_an_object_or_not_json_is_a_problem_of_the_whole_body() {
        // when
        JsonInputProblems.Problem list = problemReading("[1]");
        JsonInputProblems.Problem broken = problemReading("{\"primitive\": 1,\n \"name\": }");

        // then
        assertThat(list.field()).isNull();
        assertThat(list.message()).isEqualTo("The request body must be a JSON object.");
        assertThat(broken.field()).isNull();
        assertThat(broken.message()).isEqualTo("The request body is not valid JSON (line 2, column 10).");
    }

    @Test
    void a_long_property_name_is_cut_before_it_is_quoted() {
        // when
        JsonInputProblems.Problem problem = problemReading("{\"" + "a".repeat(1_000) + "\": 1, \"primitive\": 1}");

        // then
        assertThat(problem.field()).isEqualTo("a".repeat(40) + "…");
        assertThat(problem.message()).hasSizeLessThan(70);
    }

    private static JsonInputProblems.Problem problemReading(String json) {
        try {
            STRICT.readValue(json, Body.class);
        } catch (JacksonException refused) {
            return JsonInputProblems.of(refused);
        }
        throw new AssertionError("the strict mapper read " + json);
    }

    private static JsonMapper strictMapper() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new StrictJson().customize(builder);
        return builder.build();
    }
}
