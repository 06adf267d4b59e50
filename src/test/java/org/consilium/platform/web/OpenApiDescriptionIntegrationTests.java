package org.consilium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.consilium.ApiClient;
import org.consilium.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The API description the running app publishes: every operation says what it does and which errors it answers, as
 * problem details, and the whole passes a standard OpenAPI linter's recommended rules (Redocly CLI, installed from
 * {@code tools/openapi-lint} by {@code ./consilium test} and {@code .ci/run}).
 */
@IntegrationTest
class OpenApiDescriptionIntegrationTests {

    private static final Path LINTER = Path.of("tools/openapi-lint/node_modules/.bin/redocly");

    @LocalServerPort
    int port;

    @Test
    void every_operation_has_a_summary_a_description_and_its_errors_as_problem_details() {
        // given
        JsonNode description = new ApiClient(port).get(null, "/v3/api-docs").json();

        // when
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : description.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                JsonNode op = operation.getValue();
                if (!op.hasNonNull("summary") || op.get("summary").asString().isBlank()) {
                    missing.add(name + ": summary");
                }
                if (!op.hasNonNull("description") || op.get("description").asString().isBlank()) {
                    missing.add(name + ": description");
                }
                JsonNode responses = op.get("responses");
                boolean anError = false;
                for (Map.Entry<String, JsonNode> response : responses.properties()) {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        anError = true;
                        if (!response.getValue().path("content").has("application/problem+json")) {
                            missing.add(name + ": " + response.getKey() + " as application/problem+json");
                        }
                    }
                }
                if (!anError) {
                    missing.add(name + ": its error responses");
                }
            }
        }

        // then
        assertThat(missing).isEmpty();
        assertThat(description.at("/info/license/name").asString()).isEqualTo("Apache License 2.0");
    }

    @Test
    void the_description_passes_the_recommended_rules_of_a_standard_openapi_linter() throws Exception {
        // given
        assertThat(LINTER).as("the linter; install it with: npm ci --prefix tools/openapi-lint").exists();
        Path file = Path.of("target/openapi.json");
        Files.writeString(file, new ApiClient(port).get(null, "/v3/api-docs").text(), StandardCharsets.UTF_8);

        // when
        ProcessBuilder lint = new ProcessBuilder(LINTER.toString(), "lint", file.toString(), "--extends", "recommended",
                "--format", "stylish")
                .redirectErrorStream(true);
        lint.environment().put("REDOCLY_TELEMETRY", "off");
        lint.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process = lint.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(2, TimeUnit.MINUTES);

        // then
        assertThat(finished).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("validated");
    }
}
