package org.consilium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionTrackingMode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What the app answers to input that is not quite what it takes: JSON that a lenient parser would have guessed at
 * is refused with a 400 that names the field, a JSON body over the size limit with a 413, and a request that is not
 * valid HTTP or that the firewall refuses with a 400, as a problem detail on the API and as the app's own page in
 * the browser. Every other refusal of an API request is a problem detail too.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class StrictInputIntegrationTests {

    private static final String PATIENT = "patient@example.org";
    private static final String COORDINATOR = "coordinator@example.org";
    private static final int ONE_MB = 1024 * 1024;

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Nested
    class StrictJson {

        static Stream<Arguments> lenientBodies() {
            String question = "{\"kind\": \"TREATMENT_OPTIONS\", \"text\": \"Is surgery first right?\"}";
            return Stream.of(
                    Arguments.of("a number for a boolean", "/api/v1/auth/register", false,
                            registration("1"), "acceptPrivacyNoticeAndTerms",
                            "acceptPrivacyNoticeAndTerms must be a JSON boolean (true or false)"),
                    Arguments.of("a string for a boolean", "/api/v1/auth/register", false,
                            registration("\"true\""), "acceptPrivacyNoticeAndTerms",
                            "acceptPrivacyNoticeAndTerms must be a JSON boolean (true or false)"),
                    Arguments.of("null for a boolean", "/api/v1/auth/register", false,
                            registration("null"), "acceptPrivacyNoticeAndTerms",
                            "you must accept the privacy notice and the terms of use"),
                    Arguments.of("a number for a string", "/api/v1/cases", true,
                            caseWith("\"diagnosis\": 5, \"questions\": [" + question + "]"), "diagnosis",
                            "diagnosis must be a JSON string"),
                    Arguments.of("a boolean for a string", "/api/v1/cases", true,
                            caseWith("\"diagnosis\": \"Glioma\", \"stage\": true, \"questions\": [" + question + "]"),
                            "stage", "stage must be a JSON string"),
                    Arguments.of("a duplicate key", "/api/v1/cases", true,
                            caseWith("\"diagnosis\": \"Glioma\", \"diagnosis\": \"Meningioma\", \"questions\": ["
                                    + question + "]"), "diagnosis", "duplicate key \"diagnosis\""),
                    Arguments.of("an unknown property", "/api/v1/cases", true,
                            caseWith("\"diagnossis\": \"Glioma\", \"questions\": [" + question + "]"), "diagnossis",
                            "unknown property \"diagnossis\""),
                    Arguments.of("a number for a question's kind", "/api/v1/cases", true,
                            caseWith("\"diagnosis\": \"Glioma\", \"questions\": [{\"kind\": 5, \"text\": \"Why?\"}]"),
                            "questions[0].kind", "questions[0].kind must be a JSON string"),
                    Arguments.of("a boolean for a question's text", "/api/v1/cases", true,
                            caseWith("\"diagnosis\": \"Glioma\", \"questions\": [" + question
                                    + ", {\"kind\": \"OTHER\", \"text\": true}]"),
                            "questions[1].text", "questions[1].text must be a JSON string"),
                    Arguments.of("a string for a question", "/api/v1/cases", true,
                            caseWith("\"diagnosis\": \"Glioma\", \"questions\": [\"Why?\"]"), "questions[0]",
                            "questions[0] must be a JSON object"),
                    Arguments.of("an object for the list of questions", "/api/v1/cases", true,
                            caseWith("\"diagnosis\": \"Glioma\", \"questions\": " + question), "questions",
                            "questions must be a JSON array"),
                    Arguments.of("an unknown property in a question", "/api/v1/cases", true,
                            caseWith("\"diagnosis\": \"Glioma\", \"questions\": [{\"kind\": \"OTHER\", "
                                    + "\"txt\": \"Why?\"}]"), "questions[0].txt",
                            "unknown property \"questions[0].txt\""),
                    Arguments.of("a duplicate key in a question", "/api/v1/cases", true,
                            caseWith("\"diagnosis\": \"Glioma\", \"questions\": [{\"kind\": \"OTHER\", "
                                    + "\"text\": \"Why?\", \"text\": \"How?\"}]"), "questions[0].text",
                            "duplicate key \"questions[0].text\""),
                    Arguments.of("a number for a specialist id", "/api/v1/cases/" + UUID.randomUUID() + "/offers",
                            true, "{\"specialistId\": 42}", "specialistId", "specialistId must be a JSON string"),
                    Arguments.of("a list for the triage decision",
                            "/api/v1/cases/" + UUID.randomUUID() + "/triage", true, "{\"decision\": [\"ACCEPT\"]}",
                            "decision", "decision must be a JSON string"),
                    Arguments.of("a number for a password", "/api/v1/auth/token", false,
                            "{\"username\": \"strict@example.org\", \"password\": 123456789012}", "password",
                            "password must be a JSON string"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("lenientBodies")
        void a_body_a_lenient_parser_would_guess_at_is_a_400_naming_the_field(String why, String path,
                boolean signedIn, String body, String field, String message) {
            // given
            String token = signedIn ? api.token(path.endsWith("/cases") ? PATIENT : COORDINATOR) : null;

            // when
            Response refused = api.post(token, path, body);

            // then
            assertProblem(refused, 400, "invalid-input");
            assertThat(refused.json().get("errors").values()).singleElement().satisfies(error -> {
                assertThat(error.get("field").asString()).isEqualTo(field);
                assertThat(error.get("message").asString()).isEqualTo(message);
            });
            assertThat(refused.json().get("detail").asString()).isEqualTo(message);
        }

        @Test
        void a_long_unknown_property_is_named_but_not_echoed_in_full() {
            // given
            String name = "x".repeat(5_000);

            // when
            Response refused = api.post(api.token(PATIENT), "/api/v1/cases", caseWith("\"" + name + "\": 1"));

            // then
            assertProblem(refused, 400, "invalid-input");
            JsonNode error = refused.json().get("errors").get(0);
            assertThat(error.get("field").asString()).hasSizeLessThan(60).startsWith("xxxx").endsWith("…");
            assertThat(refused.text()).hasSizeLessThan(1_000);
        }

        @Test
        void a_body_that_is_not_a_json_object_is_a_400_that_says_so() {
            // when
            Response list = api.post(api.token(PATIENT), "/api/v1/cases", "[]");
            Response number = api.post(api.token(PATIENT), "/api/v1/cases", "42");

            // then
            assertProblem(list, 400, "invalid-input");
            assertProblem(number, 400, "invalid-input");
            assertThat(list.json().get("detail").asString()).isEqualTo("The request body must be a JSON object.");
        }

        @Test
        void a_strict_body_is_still_taken() {
            // when
            Response opened = api.post(api.token(PATIENT), "/api/v1/cases", caseWith(
                    "\"diagnosis\": \"Glioma\", \"treatmentSoFar\": null, \"questions\": [{\"kind\": \"OTHER\", "
                            + "\"text\": \"Why?\"}]"));

            // then
            assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        }

        private static String registration(String accept) {
            return "{\"email\": \"strict-" + UUID.randomUUID() + "@example.org\", \"displayName\": \"Strict\", "
                    + "\"password\": \"a-long-enough-password\", \"acceptPrivacyNoticeAndTerms\": " + accept + "}";
        }

        private static String caseWith(String members) {
            return "{\"specialty\": \"NEUROSURGERY\", " + members + "}";
        }
    }

    @Nested
    class BodyLimit {

        @Test
        void a_json_body_one_byte_over_1_mb_is_a_413_with_or_without_a_length_and_the_app_stays_well() {
            // given
            byte[] body = caseOfSize(ONE_MB + 1);
            String patient = api.token(PATIENT);

            // when
            Response withLength = api.post(patient, "/api/v1/cases", new String(body, StandardCharsets.UTF_8));
            Response chunked = api.send("POST", "/api/v1/cases", patient, Map.of("Content-Type", "application/json"),
                    BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

            // then
            for (Response refused : new Response[] {withLength, chunked}) {
                assertProblem(refused, 413, "too-large");
                assertThat(refused.json().get("detail").asString()).isEqualTo("Request bodies may be at most 1 MB.");
            }
            assertThat(api.get(null, "/actuator/health").status()).isEqualTo(200);
            assertThat(api.get(patient, "/api/v1/cases").status()).isEqualTo(200);
        }

        @Test
        void a_json_body_of_exactly_1_mb_is_read() {
            // when
            Response read = api.post(api.token(PATIENT), "/api/v1/cases",
                    new String(caseOfSize(ONE_MB), StandardCharsets.UTF_8));

            // then the body was read, and its oversized diagnosis refused by the case's own rules
            assertProblem(read, 400, "invalid-input");
            assertThat(read.json().get("errors").get(0).get("field").asString()).isEqualTo("diagnosis");
        }

        @Test
        void uploads_keep_their_own_50_mb_limit() {
            // given a case and a text record of 2 MB
            Response opened = api.post(api.token(PATIENT), "/api/v1/cases", "{\"diagnosis\": \"Glioma\", "
                    + "\"specialty\": \"NEUROSURGERY\", \"questions\": [{\"kind\": \"OTHER\", \"text\": \"Why?\"}]}");
            assertThat(opened.status()).as("%s", opened).isEqualTo(201);
            byte[] notes = "Clinical notes, line after line.\n".repeat(2 * ONE_MB / 33 + 1)
                    .getBytes(StandardCharsets.UTF_8);

            // when
            Response uploaded = api.upload(api.token(PATIENT), "/api/v1/cases/" + opened.json().get("id").asString()
                    + "/records", "notes.txt", notes, Map.of("category", "CLINICAL_NOTE"));

            // then
            assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
            assertThat(uploaded.json().get("size").asLong()).isGreaterThan(2L * ONE_MB);
        }

        /** A valid open-case request of exactly {@code size} bytes, its diagnosis padded out. */
        private static byte[] caseOfSize(int size) {
            String head = "{\"specialty\": \"NEUROSURGERY\", \"questions\": [{\"kind\": \"OTHER\", \"text\": \"Why?\"}], "
                    + "\"diagnosis\": \"";
            String tail = "\"}";
            byte[] body = (head + "d".repeat(size - head.length() - tail.length()) + tail)
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(body).hasSize(size);
            return body;
        }
    }

    @Nested
    class MalformedRequests {

        static Stream<Arguments> malformed() {
            String json = "Accept: application/json";
            String html = "Accept: text/html";
            return Stream.of(
                    Arguments.of("broken percent-encoding", true, RawHttp.request("GET /api/v1/cases/%zz HTTP/1.1", json)),
                    Arguments.of("a cut percent-encoding", true,
                            RawHttp.request("GET /api/v1/cases/%E0%A4%A HTTP/1.1", json)),
                    Arguments.of("a lone percent sign", true, RawHttp.request("GET /api/% HTTP/1.1", json)),
                    Arguments.of("an encoded slash", true, RawHttp.request("GET /api/v1/cases%2F1 HTTP/1.1", json)),
                    Arguments.of("an encoded backslash", true, RawHttp.request("GET /api/v1/cases%5C1 HTTP/1.1", json)),
                    Arguments.of("an encoded semicolon, asked for as a page", true,
                            RawHttp.request("GET /api/v1/cases%3B1 HTTP/1.1", html)),
                    Arguments.of("a double slash", true, RawHttp.request("GET /api/v1//cases HTTP/1.1", json)),
                    Arguments.of("a dot-dot segment", true, RawHttp.request("GET /api/v1/../v1/cases HTTP/1.1", json)),
                    Arguments.of("a session id in the path", true,
                            RawHttp.request("GET /api/v1/cases;jsessionid=0123456789ABCDEF HTTP/1.1", json)),
                    Arguments.of("a raw backslash", true, RawHttp.request("GET /api/v1/cases\\1 HTTP/1.1", json)),
                    Arguments.of("raw non-ASCII bytes", true,
                            RawHttp.request("GET /api/v1/cases/\u00c3\u00a9\u00ff HTTP/1.1", json)),
                    Arguments.of("an encoded NUL", true, RawHttp.request("GET /api/v1/cases/%00 HTTP/1.1", json)),
                    Arguments.of("encoded bytes that are not UTF-8", true,
                            RawHttp.request("GET /api/v1/cases/%ff%fe HTTP/1.1", json)),
                    Arguments.of("a control character in a header", true,
                            RawHttp.request("GET /api/v1/cases HTTP/1.1", json, "X-Note: a\u0001b")),
                    Arguments.of("a header name with a space", true,
                            RawHttp.request("GET /api/v1/cases HTTP/1.1", json, "X Note: b")),
                    Arguments.of("a cut percent-encoding", false, RawHttp.request("GET /cases/%E0%A4%A HTTP/1.1", html)),
                    Arguments.of("a lone percent sign", false, RawHttp.request("GET /% HTTP/1.1", html)),
                    Arguments.of("an encoded slash", false, RawHttp.request("GET /cases%2F1 HTTP/1.1", html)),
                    Arguments.of("a double slash", false, RawHttp.request("GET //cases HTTP/1.1", html)),
                    Arguments.of("a dot-dot segment", false, RawHttp.request("GET /cases/../login HTTP/1.1", html)),
                    Arguments.of("a session id in the path", false,
                            RawHttp.request("GET /login;jsessionid=0123456789ABCDEF HTTP/1.1", html)),
                    Arguments.of("raw non-ASCII bytes", false, RawHttp.request("GET /cases/\u00ff\u00fe HTTP/1.1", html)),
                    Arguments.of("an encoded NUL", false, RawHttp.request("GET /cases/%00 HTTP/1.1", html)),
                    Arguments.of("a control character in a header", false,
                            RawHttp.request("GET /login HTTP/1.1", html, "X-Note: a\u007fb")),
                    Arguments.of("no HTTP at all", false,
                            "GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        }

        @ParameterizedTest(name = "{0} (API: {1})")
        @MethodSource("malformed")
        void a_malformed_request_is_a_400_in_the_app_s_own_words_without_a_stack_trace(String why, boolean apiPath,
                byte[] request, CapturedOutput output) {
            // when
            RawHttp.Answer answer = new RawHttp(port).send(request);

            // then
            assertThat(answer.status()).as("%s", answer).isEqualTo(400);
            assertThat(answer.body()).doesNotContain("Apache Tomcat").doesNotContain("HTTP Status");
            if (apiPath) {
                assertThat(answer.contentType()).as("%s", answer).startsWith("application/problem+json");
                JsonNode problem = tools.jackson.databind.json.JsonMapper.builder().build().readTree(answer.body());
                assertThat(problem.get("type").asString()).isEqualTo("urn:consilium:problem:invalid-input");
                assertThat(problem.get("status").asInt()).isEqualTo(400);
                assertThat(problem.get("title").asString()).isEqualTo("Invalid input");
                assertThat(problem.get("detail").asString()).isNotBlank();
            } else {
                assertThat(answer.contentType()).as("%s", answer).startsWith("text/html");
                assertThat(answer.body()).contains("<h1>That request did not work</h1>")
                        .contains("Not for emergencies");
            }
            assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("Caused by:");
        }

        @Test
        void other_refusals_tomcat_makes_itself_keep_their_status_and_speak_the_app_s_formats(CapturedOutput output) {
            // when
            RawHttp raw = new RawHttp(port);
            RawHttp.Answer version = raw.send(RawHttp.request("GET /api/v1/cases HTTP/9.9"));
            RawHttp.Answer encoding = raw.send(RawHttp.request("POST /cases HTTP/1.1", "Accept: text/html",
                    "Transfer-Encoding: bogus"));

            // then
            assertThat(version.status()).isEqualTo(505);
            assertThat(version.contentType()).startsWith("application/problem+json");
            assertThat(version.body()).contains("\"status\":505");
            assertThat(encoding.status()).isEqualTo(501);
            assertThat(encoding.contentType()).startsWith("text/html");
            assertThat(encoding.body()).doesNotContain("Apache Tomcat").contains("Not for emergencies");
            assertThat(output.getAll()).doesNotContain("\tat ");
        }

        @Test
        void sessions_are_tracked_by_cookie_only_never_in_addresses(@Autowired ServletContext servletContext) {
            // when
            Set<SessionTrackingMode> modes = servletContext.getEffectiveSessionTrackingModes();

            // then
            assertThat(modes).containsExactly(SessionTrackingMode.COOKIE);
        }
    }

    @Nested
    class EveryApiRefusalIsAProblem {

        @Test
        void a_missing_body_is_a_400() {
            // when
            Response refused = api.send("POST", "/api/v1/cases", api.token(PATIENT),
                    Map.of("Content-Type", "application/json"), BodyPublishers.noBody());

            // then
            assertProblem(refused, 400, "invalid-input");
            assertThat(refused.json().get("detail").asString()).contains("missing");
        }

        @Test
        void a_body_of_a_type_the_endpoint_does_not_take_is_a_415() {
            // when
            Response refused = api.send("POST", "/api/v1/cases", api.token(PATIENT),
                    Map.of("Content-Type", "text/plain"), BodyPublishers.ofString("diagnosis=Glioma"));

            // then
            assertProblem(refused, 415, "unsupported-media-type");
        }

        @Test
        void a_method_the_endpoint_does_not_take_is_a_405() {
            // when
            Response refused = api.send("PATCH", "/api/v1/cases/" + UUID.randomUUID(), api.token(PATIENT),
                    Map.of("Content-Type", "application/json"), BodyPublishers.ofString("{}"));

            // then
            assertProblem(refused, 405, "method-not-allowed");
        }

        @Test
        void a_malformed_multipart_upload_is_a_400() {
            // given
            Response opened = api.post(api.token(PATIENT), "/api/v1/cases", "{\"diagnosis\": \"Glioma\", "
                    + "\"specialty\": \"NEUROSURGERY\", \"questions\": [{\"kind\": \"OTHER\", \"text\": \"Why?\"}]}");
            String path = "/api/v1/cases/" + opened.json().get("id").asString() + "/records";

            // when the parts never end, and the boundary is never used
            Response unterminated = api.send("POST", path, api.token(PATIENT),
                    Map.of("Content-Type", "multipart/form-data; boundary=xyz"), BodyPublishers.ofString(
                            "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF"));
            Response noBoundary = api.send("POST", path, api.token(PATIENT),
                    Map.of("Content-Type", "multipart/form-data"), BodyPublishers.ofString("just text"));

            // then
            assertProblem(unterminated, 400, "invalid-input");
            assertProblem(noBoundary, 400, "invalid-input");
        }
    }

    private static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.contentType()).as("%s", response).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asString()).as("%s", response).isEqualTo("urn:consilium:problem:" + type);
        assertThat(problem.path("title").asString()).as("%s", response).isNotBlank();
        assertThat(problem.path("status").asInt()).as("%s", response).isEqualTo(status);
        assertThat(problem.path("detail").asString()).as("%s", response).isNotBlank();
    }
}
