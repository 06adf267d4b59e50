package org.consilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consilium.ApiClient.Response;
import org.consilium.audit.AuditEntry;
import org.consilium.audit.AuditTrail;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A draft edited and discarded, and a case's specialty chosen or corrected, through the API: who may, in which
 * state, with which versions, and what stays behind (nothing is deleted).
 */
@IntegrationTest
class CaseEditingIntegrationTests {

    private static final String PATIENT = "patient@example.org";
    private static final String OTHER_PATIENT = "patient2@example.org";
    private static final String COORDINATOR = "coordinator@example.org";
    private static final String ONCOLOGIST = "oncologist@example.org";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail audit;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Nested
    class Editing {

        @Test
        void the_patient_edits_a_draft_with_its_etag_and_gets_the_next_one() {
            // given a draft and its ETag
            String patient = api.token(PATIENT);
            Response opened = api.post(patient, "/api/v1/cases", caseRequest("MEDICAL_ONCOLOGY"));
            String id = opened.json().get("id").asString();
            List<String> questionsBefore = questionIds(opened.json());
            String etag = api.get(patient, "/api/v1/cases/" + id).header("ETag").orElseThrow();
            assertThat(opened.header("ETag")).contains(etag);

            // when the patient rewrites it: another diagnosis, the first question kept, the second one changed
            Map<String, Object> edit = caseRequest("SURGICAL_ONCOLOGY");
            edit.put("diagnosis", "Invasive lobular carcinoma, left breast");
            edit.put("questions", List.of(
                    Map.of("kind", "TREATMENT_OPTIONS", "text", "Do I need all six cycles?"),
                    Map.of("kind", "OTHER", "text", "Should surgery come first?"),
                    Map.of("kind", "QUALITY_OF_LIFE", "text", "Can I keep working?")));
            Response edited = api.put(patient, "/api/v1/cases/" + id, edit, etag);

            // then the case carries the new content under the next version, and the first questions keep their ids
            assertThat(edited.status()).as("%s", edited).isEqualTo(200);
            assertThat(edited.header("ETag")).isPresent().get().isNotEqualTo(etag);
            JsonNode c = edited.json();
            assertThat(c.get("diagnosis").asString()).isEqualTo("Invasive lobular carcinoma, left breast");
            assertThat(c.get("specialty").asString()).isEqualTo("SURGICAL_ONCOLOGY");
            assertThat(c.get("status").asString()).isEqualTo("DRAFT");
            assertThat(questionIds(c)).hasSize(3).startsWith(questionsBefore.get(0), questionsBefore.get(1));
            assertThat(c.get("questions").get(1).get("text").asString()).isEqualTo("Should surgery come first?");
            assertThat(c.get("allowedActions").values()).extracting(JsonNode::asString)
                    .contains("edit", "discard", "submit");
            assertThat(api.get(patient, "/api/v1/cases/" + id).json().get("diagnosis").asString())
                    .isEqualTo("Invasive lobular carcinoma, left breast");
            assertThat(actions(id)).contains("DraftEdited");
            assertThat(timelineEvents(patient, id)).containsExactly("CaseOpened");
        }

        @Test
        void a_question_taken_out_of_a_draft_is_retired_not_deleted() {
            // given a draft with two questions
            String patient = api.token(PATIENT);
            Response opened = api.post(patient, "/api/v1/cases", caseRequest("MEDICAL_ONCOLOGY"));
            String id = opened.json().get("id").asString();

            // when the patient keeps only the first
            Map<String, Object> edit = caseRequest("MEDICAL_ONCOLOGY");
            edit.put("questions", List.of(Map.of("kind", "TREATMENT_OPTIONS", "text", "Do I need all six cycles?")));
            Response edited = api.put(patient, "/api/v1/cases/" + id, edit, opened.header("ETag").orElseThrow());

            // then the case asks one question, and the other is still stored, stamped as retired
            assertThat(edited.status()).as("%s", edited).isEqualTo(200);
            assertThat(questionIds(edited.json())).containsExactly(questionIds(opened.json()).getFirst());
            assertThat(jdbc.sql("select count(*) from intake_questions where case_id = ? and retired_at is not null")
                    .param(UUID.fromString(id)).query(Integer.class).single()).isEqualTo(1);
        }

        @Test
        void an_edit_without_if_match_is_a_428_and_with_a_stale_one_a_412_and_changes_nothing() {
            // given a draft edited once, so its first ETag is stale
            String patient = api.token(PATIENT);
            Response opened = api.post(patient, "/api/v1/cases", caseRequest("MEDICAL_ONCOLOGY"));
            String id = opened.json().get("id").asString();
            String first = opened.header("ETag").orElseThrow();
            assertThat(api.put(patient, "/api/v1/cases/" + id, caseRequest("HEMATOLOGY"), first).status())
                    .isEqualTo(200);

            // when
            Response without = api.put(patient, "/api/v1/cases/" + id, caseRequest("CARDIOLOGY"), null);
            Response stale = api.put(patient, "/api/v1/cases/" + id, caseRequest("CARDIOLOGY"), first);
            Response garbled = api.put(patient, "/api/v1/cases/" + id, caseRequest("CARDIOLOGY"), "W/\"x\"");

            // then
            assertProblem(without, 428);
            assertThat(without.json().get("type").asString()).isEqualTo("urn:consilium:problem:precondition-required");
            assertProblem(stale, 412);
            assertThat(stale.json().get("type").asString()).isEqualTo("urn:consilium:problem:stale-version");
            assertThat(stale.json().get("detail").asString()).contains("now version 2");
            assertProblem(garbled, 412);
            assertThat(api.get(patient, "/api/v1/cases/" + id).json().get("specialty").asString())
                    .isEqualTo("HEMATOLOGY");
        }

        @Test
        void an_edit_follows_the_rules_of_opening_and_reports_every_problem_at_once() {
            // given
            String patient = api.token(PATIENT);
            Response opened = api.post(patient, "/api/v1/cases", caseRequest("MEDICAL_ONCOLOGY"));
            String id = opened.json().get("id").asString();
            Map<String, Object> spoilt = caseRequest("ONCOLOGY");
            spoilt.put("diagnosis", " ");
            spoilt.put("questions", List.of());

            // when
            Response refused = api.put(patient, "/api/v1/cases/" + id, spoilt, opened.header("ETag").orElseThrow());
            Response unknown = api.put(patient, "/api/v1/cases/" + id, "{\"diagnosis\":\"x\",\"specialtyy\":\"x\"}",
                    opened.header("ETag").orElseThrow());

            // then
            assertProblem(refused, 400);
            assertThat(refused.json().get("errors").values()).extracting(e -> e.get("field").asString())
                    .contains("diagnosis", "specialty", "questions");
            assertProblem(unknown, 400);
            assertThat(api.get(patient, "/api/v1/cases/" + id).header("ETag")).contains(opened.header("ETag")
                    .orElseThrow());
        }

        @Test
        void only_the_patient_edits_and_only_while_it_is_a_draft() {
            // given a draft, and a submitted case
            String patient = api.token(PATIENT);
            Response draft = api.post(patient, "/api/v1/cases", caseRequest("MEDICAL_ONCOLOGY"));
            String draftId = draft.json().get("id").asString();
            Response submitted = api.post(patient, "/api/v1/cases", caseRequest("MEDICAL_ONCOLOGY"));
            String submittedId = submitted.json().get("id").asString();
            api.post(patient, "/api/v1/cases/" + submittedId + "/submit", null);
            String submittedEtag = api.get(patient, "/api/v1/cases/" + submittedId).header("ETag").orElseThrow();

            // when
            Response stranger = api.put(api.token(OTHER_PATIENT), "/api/v1/cases/" + draftId,
                    caseRequest("CARDIOLOGY"), draft.header("ETag").orElseThrow());
            Response coordinator = api.put(api.token(COORDINATOR), "/api/v1/cases/" + submittedId,
                    caseRequest("CARDIOLOGY"), submittedEtag);
            Response tooLate = api.put(patient, "/api/v1/cases/" + submittedId, caseRequest("CARDIOLOGY"),
                    submittedEtag);

            // then
            assertProblem(stranger, 404);
            assertProblem(coordinator, 403);
            assertProblem(tooLate, 409);
            assertThat(tooLate.json().get("detail").asString())
                    .isEqualTo("only a case that is draft can be edited; this case is submitted");
        }
    }

    @Nested
    class Discarding {

        @Test
        void a_discarded_draft_leaves_the_list_but_keeps_its_records_and_history() {
            // given a draft with a record
            String patient = api.token(PATIENT);
            String id = api.post(patient, "/api/v1/cases", caseRequest("MEDICAL_ONCOLOGY")).json().get("id")
                    .asString();
            assertThat(api.upload(patient, "/api/v1/cases/" + id + "/records", "labs.pdf", FileFixtures.pdf("Labs"),
                    Map.of("category", "LAB_RESULT")).status()).isEqualTo(201);

            // when
            Response discarded = api.post(patient, "/api/v1/cases/" + id + "/discard", null);

            // then
            assertThat(discarded.status()).as("%s", discarded).isEqualTo(200);
            assertThat(discarded.json().get("status").asString()).isEqualTo("DISCARDED");
            assertThat(discarded.json().get("allowedActions").values()).extracting(JsonNode::asString)
                    .doesNotContain("edit", "discard", "submit", "uploadRecord");
            assertThat(listed(patient, "/api/v1/cases?limit=200")).doesNotContain(id);
            assertThat(listed(patient, "/api/v1/cases?limit=200&discarded=true")).contains(id);
            assertThat(api.get(patient, "/api/v1/cases/" + id + "/records").json().size()).isEqualTo(1);
            assertThat(timelineEvents(patient, id)).containsExactly("CaseOpened", "DraftDiscarded");
            assertThat(actions(id)).contains("CaseOpened", "RecordUploaded", "DraftDiscarded");
        }

        @Test
        void a_draft_is_discarded_once_by_its_patient_and_a_submitted_case_not_at_all() {
            // given
            String patient = api.token(PATIENT);
            String draft = api.post(patient, "/api/v1/cases", caseRequest("MEDICAL_ONCOLOGY")).json().get("id")
                    .asString();
            String submitted = api.post(patient, "/api/v1/cases", caseRequest("MEDICAL_ONCOLOGY")).json().get("id")
                    .asString();
            api.post(patient, "/api/v1/cases/" + submitted + "/submit", null);

            // when
            Response stranger = api.post(api.token(OTHER_PATIENT), "/api/v1/cases/" + draft + "/discard", null);
            Response first = api.post(patient, "/api/v1/cases/" + draft + "/discard", null);
            Response second = api.post(patient, "/api/v1/cases/" + draft + "/discard", null);
            Response afterSubmit = api.post(patient, "/api/v1/cases/" + submitted + "/discard", null);
            Response coordinator = api.post(api.token(COORDINATOR), "/api/v1/cases/" + submitted + "/discard", null);

            // then
            assertProblem(stranger, 404);
            assertThat(first.status()).isEqualTo(200);
            assertProblem(second, 409);
            assertThat(second.json().get("detail").asString())
                    .isEqualTo("only a case that is draft can be discarded; this case is discarded");
            assertProblem(afterSubmit, 409);
            assertProblem(coordinator, 403);
        }
    }

    @Nested
    class Specialties {

        @Test
        void a_case_the_patient_was_not_sure_about_is_offered_only_once_a_coordinator_chose_its_specialty() {
            // given a case whose patient did not know the specialty, triaged and with its records complete
            String patient = api.token(PATIENT);
            String coordinator = api.token(COORDINATOR);
            Response opened = api.post(patient, "/api/v1/cases", caseRequest("UNSURE"));
            assertThat(opened.status()).as("%s", opened).isEqualTo(201);
            String id = opened.json().get("id").asString();
            api.post(patient, "/api/v1/cases/" + id + "/submit", null);
            api.post(coordinator, "/api/v1/cases/" + id + "/triage", Map.of("decision", "ACCEPT"));
            api.waiveChecklist(coordinator, id);
            Response ready = api.post(coordinator, "/api/v1/cases/" + id + "/records-complete", null);
            assertThat(ready.json().get("allowedActions").values()).extracting(JsonNode::asString)
                    .contains("changeSpecialty").doesNotContain("offer");
            String oncologist = oncologistId(coordinator);

            // when the coordinator offers it first, then chooses the specialty and offers it again
            Response tooEarly = api.post(coordinator, "/api/v1/cases/" + id + "/offers",
                    Map.of("specialistId", oncologist));
            Response changed = api.post(coordinator, "/api/v1/cases/" + id + "/specialty",
                    Map.of("specialty", "MEDICAL_ONCOLOGY", "reason", "Hormone therapy is the question"));
            Response offered = api.post(coordinator, "/api/v1/cases/" + id + "/offers",
                    Map.of("specialistId", oncologist));

            // then
            assertProblem(tooEarly, 409);
            assertThat(tooEarly.json().get("detail").asString()).contains("choose its specialty before offering");
            assertThat(changed.status()).as("%s", changed).isEqualTo(200);
            assertThat(changed.json().get("specialty").asString()).isEqualTo("MEDICAL_ONCOLOGY");
            assertThat(changed.json().get("status").asString()).isEqualTo("READY_FOR_MATCHING");
            assertThat(offered.status()).as("%s", offered).isEqualTo(200);
            JsonNode timeline = api.get(patient, "/api/v1/cases/" + id + "/timeline").json();
            JsonNode change = timeline.values().stream()
                    .filter(t -> t.get("event").asString().equals("SpecialtyChanged")).findFirst().orElseThrow();
            assertThat(change.get("note").asString()).isEqualTo("Medical oncology: Hormone therapy is the question");
            assertThat(change.get("status").asString()).isEqualTo("READY_FOR_MATCHING");
            assertThat(change.get("actorRole").asString()).isEqualTo("COORDINATOR");
            assertThat(actions(id)).contains("SpecialtyChanged");
        }

        @Test
        void a_coordinator_triaging_from_the_pool_corrects_the_specialty() {
            // given a submitted case nobody claimed
            String patient = api.token(PATIENT);
            String id = api.post(patient, "/api/v1/cases", caseRequest("MEDICAL_ONCOLOGY")).json().get("id")
                    .asString();
            api.post(patient, "/api/v1/cases/" + id + "/submit", null);

            // when
            Response changed = api.post(api.token(COORDINATOR), "/api/v1/cases/" + id + "/specialty",
                    Map.of("specialty", "HEMATOLOGY", "reason", "The biopsy shows lymphoma"));

            // then
            assertThat(changed.status()).as("%s", changed).isEqualTo(200);
            assertThat(changed.json().get("specialty").asString()).isEqualTo("HEMATOLOGY");
            assertThat(changed.json().get("status").asString()).isEqualTo("SUBMITTED");
        }

        @Test
        void a_change_needs_a_coordinator_a_reason_a_real_specialty_and_a_case_not_yet_offered() {
            // given a submitted case, and one offered to the oncologist
            String patient = api.token(PATIENT);
            String coordinator = api.token(COORDINATOR);
            String submitted = api.post(patient, "/api/v1/cases", caseRequest("MEDICAL_ONCOLOGY")).json().get("id")
                    .asString();
            api.post(patient, "/api/v1/cases/" + submitted + "/submit", null);
            String offered = api.post(patient, "/api/v1/cases", caseRequest("MEDICAL_ONCOLOGY")).json().get("id")
                    .asString();
            api.post(patient, "/api/v1/cases/" + offered + "/submit", null);
            api.post(coordinator, "/api/v1/cases/" + offered + "/triage", Map.of("decision", "ACCEPT"));
            api.waiveChecklist(coordinator, offered);
            api.post(coordinator, "/api/v1/cases/" + offered + "/records-complete", null);
            api.post(coordinator, "/api/v1/cases/" + offered + "/offers", Map.of("specialistId",
                    oncologistId(coordinator)));
            String path = "/api/v1/cases/" + submitted + "/specialty";

            // when
            Response noReason = api.post(coordinator, path, Map.of("specialty", "HEMATOLOGY"));
            Response unsure = api.post(coordinator, path, Map.of("specialty", "UNSURE", "reason", "no idea"));
            Response unknown = api.post(coordinator, path, Map.of("specialty", "ONCOLOGY", "reason", "x"));
            Response byPatient = api.post(patient, path, Map.of("specialty", "HEMATOLOGY", "reason", "x"));
            Response byStranger = api.post(api.token(ONCOLOGIST), path, Map.of("specialty", "HEMATOLOGY",
                    "reason", "x"));
            Response whenOffered = api.post(coordinator, "/api/v1/cases/" + offered + "/specialty",
                    Map.of("specialty", "HEMATOLOGY", "reason", "x"));

            // then
            assertProblem(noReason, 400);
            assertThat(noReason.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");
            assertProblem(unsure, 400);
            assertThat(unsure.json().get("detail").asString()).isEqualTo("choose the specialty the case needs");
            assertProblem(unknown, 400);
            assertProblem(byPatient, 403);
            assertProblem(byStranger, 404);
            assertProblem(whenOffered, 409);
            assertThat(api.get(patient, "/api/v1/cases/" + submitted).json().get("specialty").asString())
                    .isEqualTo("MEDICAL_ONCOLOGY");
        }

        @Test
        void no_specialist_practises_not_sure() {
            // when
            Response directory = api.get(api.token(COORDINATOR), "/api/v1/specialists?specialty=UNSURE");

            // then
            assertThat(directory.status()).isEqualTo(200);
            assertThat(directory.json().size()).isZero();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** A valid open-case (and edit) body with two questions; mutable, so a test can change a field. */
    private static Map<String, Object> caseRequest(String specialty) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("diagnosis", "Invasive ductal carcinoma, left breast");
        request.put("specialty", specialty);
        request.put("urgency", "ROUTINE");
        request.put("questions", List.of(
                Map.of("kind", "TREATMENT_OPTIONS", "text", "Do I need all six cycles?"),
                Map.of("kind", "RISKS_AND_BENEFITS", "text", "What are the long-term risks?")));
        return request;
    }

    private String oncologistId(String token) {
        return api.get(token, "/api/v1/specialists?specialty=MEDICAL_ONCOLOGY").json().values().stream()
                .filter(s -> s.get("name").asString().equals("Dr. Elena Marchetti")).findFirst().orElseThrow()
                .get("id").asString();
    }

    private List<String> listed(String token, String path) {
        Response list = api.get(token, path);
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        return list.json().get("items").values().stream().map(i -> i.get("id").asString()).toList();
    }

    private List<String> timelineEvents(String token, String id) {
        return api.get(token, "/api/v1/cases/" + id + "/timeline").json().values().stream()
                .map(t -> t.get("event").asString()).toList();
    }

    /** The actions on the case's audit trail, oldest first. */
    private List<String> actions(String id) {
        return audit.ofCase(new CaseId(UUID.fromString(id))).stream().map(AuditEntry::action).toList();
    }

    private static List<String> questionIds(JsonNode c) {
        return c.get("questions").values().stream().map(q -> q.get("id").asString()).toList();
    }
}
