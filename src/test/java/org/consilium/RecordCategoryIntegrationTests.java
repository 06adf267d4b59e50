package org.consilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consilium.ApiClient.Response;
import org.consilium.audit.AuditEntry;
import org.consilium.audit.AuditTrail;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A record filed under the wrong category is given the right one, by the patient or the case's coordinator while the
 * file is gathered, and the record keeps every change it went through.
 */
@IntegrationTest
class RecordCategoryIntegrationTests {

    private static final String PATIENT = "patient@example.org";
    private static final String OTHER_PATIENT = "patient2@example.org";
    private static final String COORDINATOR = "coordinator@example.org";

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail audit;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void the_patient_refiles_a_record_and_the_list_shows_the_change_and_the_date_of_service() {
        // given a draft with a lab result filed as a pathology report
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        String recordId = upload(patient, caseId);

        // when
        Response changed = patch(patient, caseId, recordId, "LAB_RESULT");

        // then
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.json().get("category").asString()).isEqualTo("LAB_RESULT");
        JsonNode listed = api.get(patient, records(caseId)).json().get(0);
        assertThat(listed.get("category").asString()).isEqualTo("LAB_RESULT");
        assertThat(listed.get("dateOfService").asString()).isEqualTo("2026-10-30");
        JsonNode change = listed.get("categoryChanges").get(0);
        assertThat(change.get("from").asString()).isEqualTo("PATHOLOGY_REPORT");
        assertThat(change.get("to").asString()).isEqualTo("LAB_RESULT");
        assertThat(change.get("changedByRole").asString()).isEqualTo("PATIENT");
        assertThat(change.get("at").asString()).isNotBlank();
        assertThat(audit.ofCase(new CaseId(UUID.fromString(caseId)))).extracting(AuditEntry::action)
                .contains("RecordRecategorised");
    }

    @Test
    void the_case_coordinator_refiles_while_collecting_records_and_every_change_is_kept_in_order() {
        // given a case collecting records
        String patient = api.token(PATIENT);
        String coordinator = api.token(COORDINATOR);
        String caseId = openCase(patient);
        String recordId = upload(patient, caseId);
        api.post(patient, "/api/v1/cases/" + caseId + "/submit", null);
        api.post(coordinator, "/api/v1/cases/" + caseId + "/triage", Map.of("decision", "ACCEPT"));

        // when the coordinator changes it twice
        assertThat(patch(coordinator, caseId, recordId, "IMAGING_REPORT").status()).isEqualTo(200);
        Response second = patch(coordinator, caseId, recordId, "GENETIC_REPORT");

        // then
        assertThat(second.status()).as("%s", second).isEqualTo(200);
        assertThat(second.json().get("categoryChanges").values()).extracting(c -> c.get("from").asString() + ">"
                + c.get("to").asString() + " by " + c.get("changedByRole").asString())
                .containsExactly("PATHOLOGY_REPORT>IMAGING_REPORT by COORDINATOR",
                        "IMAGING_REPORT>GENETIC_REPORT by COORDINATOR");
    }

    @Test
    void refiling_is_refused_to_others_after_the_file_is_complete_and_for_bad_input() {
        // given a case ready for matching, and a draft
        String patient = api.token(PATIENT);
        String coordinator = api.token(COORDINATOR);
        String complete = openCase(patient);
        String completeRecord = upload(patient, complete);
        api.post(patient, "/api/v1/cases/" + complete + "/submit", null);
        api.post(coordinator, "/api/v1/cases/" + complete + "/triage", Map.of("decision", "ACCEPT"));
        api.waiveChecklist(coordinator, complete);
        api.post(coordinator, "/api/v1/cases/" + complete + "/records-complete", null);
        String draft = openCase(patient);
        String draftRecord = upload(patient, draft);

        // when
        Response tooLate = patch(coordinator, complete, completeRecord, "LAB_RESULT");
        Response stranger = patch(api.token(OTHER_PATIENT), draft, draftRecord, "LAB_RESULT");
        Response same = patch(patient, draft, draftRecord, "PATHOLOGY_REPORT");
        Response unknown = patch(patient, draft, draftRecord, "X_RAY");
        Response otherCase = patch(patient, draft, completeRecord, "LAB_RESULT");
        Response unknownProperty = patchJson(patient, draft, draftRecord,
                "{\"category\":\"LAB_RESULT\",\"name\":\"x\"}");

        // then
        assertProblem(tooLate, 409);
        assertThat(tooLate.json().get("detail").asString()).isEqualTo("a record's details can be changed only while "
                + "a case is a draft, submitted or collecting records; this case is ready for matching");
        assertProblem(stranger, 404);
        assertProblem(same, 400);
        assertThat(same.json().get("detail").asString()).isEqualTo("the record is already filed as pathology report");
        assertProblem(unknown, 400);
        assertProblem(otherCase, 404);
        assertProblem(unknownProperty, 400);
        assertThat(api.get(patient, records(draft)).json().get(0).get("categoryChanges").size()).isZero();
    }

    private String openCase(String patient) {
        Response opened = api.post(patient, "/api/v1/cases", Map.of("diagnosis", "Follicular lymphoma",
                "specialty", "HEMATOLOGY", "questions", List.of(Map.of("kind", "OTHER", "text", "Watch and wait?"))));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        return opened.json().get("id").asString();
    }

    private String upload(String token, String caseId) {
        Response uploaded = api.upload(token, records(caseId), "labs.pdf", FileFixtures.pdf("Labs " + caseId),
                Map.of("category", "PATHOLOGY_REPORT", "dateOfService", "2026-10-30"));
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        return uploaded.json().get("id").asString();
    }

    private Response patch(String token, String caseId, String recordId, String category) {
        return patchJson(token, caseId, recordId, "{\"category\":\"" + category + "\"}");
    }

    private Response patchJson(String token, String caseId, String recordId, String json) {
        return api.send("PATCH", records(caseId) + "/" + recordId, token, Map.of("Content-Type", "application/json"),
                java.net.http.HttpRequest.BodyPublishers.ofString(json));
    }

    private static String records(String caseId) {
        return "/api/v1/cases/" + caseId + "/records";
    }
}
