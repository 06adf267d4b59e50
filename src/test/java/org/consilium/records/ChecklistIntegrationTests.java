package org.consilium.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.FileFixtures;
import org.consilium.IntegrationTest;
import org.consilium.audit.AuditEntry;
import org.consilium.audit.AuditTrail;
import org.consilium.intake.CaseDetails;
import org.consilium.intake.Urgency;
import org.consilium.records.internal.ChecklistStore;
import org.consilium.shared.CaseId;
import org.consilium.shared.Specialty;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Checklist gating: a case's records are complete only when every item of its checklist is satisfied by a record of
 * the right category or waived by its coordinator with a reason; the checklists are the seeded data.
 */
@IntegrationTest
class ChecklistIntegrationTests {

    private static final String PATIENT = "patient@example.org";
    private static final String OTHER_PATIENT = "patient2@example.org";
    private static final String COORDINATOR = "coordinator@example.org";

    @LocalServerPort
    int port;

    @Autowired
    ChecklistStore store;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @ParameterizedTest(name = "{0} / {1} / {2} / {3} → {4}: {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Invasive ductal carcinoma, left breast | C50.9 | Breast cancer     | MEDICAL_ONCOLOGY   | breast-cancer     | biopsy-pathology receptor-status imaging-reports treatment-notes
            Invasive ductal carcinoma, left breast | C50.9 | -                 | SURGICAL_ONCOLOGY  | breast-cancer     | biopsy-pathology receptor-status imaging-reports imaging-studies treatment-notes
            Non-small cell lung cancer, stage IIIA | -     | -                 | MEDICAL_ONCOLOGY   | lung-cancer       | biopsy-pathology molecular-tests staging-imaging clinical-notes
            Adenocarcinoma                         | C34.1 | -                 | RADIATION_ONCOLOGY | lung-cancer       | biopsy-pathology molecular-tests staging-imaging imaging-studies lung-function clinical-notes
            Adenocarcinoma of the sigmoid colon    | -     | -                 | MEDICAL_ONCOLOGY   | colorectal-cancer | biopsy-pathology colonoscopy staging-imaging tumour-markers molecular-tests
            Adenocarcinoma                         | C20   | -                 | SURGICAL_ONCOLOGY  | colorectal-cancer | biopsy-pathology colonoscopy staging-imaging tumour-markers imaging-studies
            Adenocarcinoma, Gleason 4+3            | -     | Prostate cancer   | RADIATION_ONCOLOGY | prostate-cancer   | biopsy-pathology psa imaging-reports imaging-studies clinical-notes
            Glioblastoma, right temporal lobe      | -     | -                 | NEUROSURGERY       | brain-tumour      | pathology molecular-tests mri-reports mri-images clinical-notes
            Severe aortic stenosis                 | -     | -                 | CARDIOLOGY         | cardiac-surgery   | echo-reports imaging-studies ecg-and-labs clinical-notes medications
            Lumbar disc herniation L4-L5           | -     | -                 | ORTHOPEDICS        | spine-surgery     | imaging-reports imaging-studies clinical-notes medications
            Brain metastases                       | -     | Lung cancer       | MEDICAL_ONCOLOGY   | lung-cancer       | biopsy-pathology molecular-tests staging-imaging clinical-notes
            Follicular lymphoma                    | C82.9 | Lymphoma          | HEMATOLOGY         | general           | clinical-notes diagnostic-report
            Not sure yet                           | -     | -                 | UNSURE             | general           | clinical-notes diagnostic-report
            """)
    void the_seeded_checklists_fit_their_conditions_and_specialties(String diagnosis, @Nullable String icd10,
            @Nullable String cancerType, Specialty specialty, String expected, String items) {
        // given the seeded checklists
        List<ChecklistTemplate> seeded = store.templates();

        // when
        ChecklistTemplate chosen = ChecklistTemplate.choose(seeded, new CaseDetails(diagnosis, icd10, cancerType,
                null, null, null, null, specialty, Urgency.ROUTINE, null, null)).orElseThrow();

        // then
        assertThat(chosen.key()).isEqualTo(expected);
        assertThat(chosen.itemsFor(specialty)).extracting(ChecklistTemplate.Item::key)
                .containsExactly(items.split(" "));
    }

    @Test
    void every_seeded_item_names_real_categories_and_words_for_patient_and_specialist() {
        // when
        List<ChecklistTemplate> seeded = store.templates();

        // then
        assertThat(seeded).extracting(ChecklistTemplate::key).containsExactly("breast-cancer", "lung-cancer",
                "colorectal-cancer", "prostate-cancer", "brain-tumour", "cardiac-surgery", "spine-surgery", "general");
        assertThat(seeded).filteredOn(ChecklistTemplate::general).extracting(ChecklistTemplate::key)
                .containsExactly("general");
        assertThat(seeded).flatExtracting(ChecklistTemplate::items).allSatisfy(item -> {
            assertThat(item.categories()).isNotEmpty();
            assertThat(item.patientWords()).isNotBlank().doesNotEndWith(".");
            assertThat(item.specialistWords()).isNotBlank();
        });
    }

    @Test
    void a_record_of_the_right_category_satisfies_its_item() {
        // given a prostate cancer case for a radiation oncologist
        String patient = api.token(PATIENT);
        String caseId = openProstateCase(patient);

        // when
        JsonNode before = checklist(patient, caseId);
        String recordId = upload(patient, caseId, "PATHOLOGY_REPORT");
        JsonNode after = checklist(patient, caseId);

        // then
        assertThat(before.get("checklist").asString()).isEqualTo("prostate-cancer");
        assertThat(before.get("condition").asString()).isEqualTo("prostate cancer");
        assertThat(before.get("complete").asBoolean()).isFalse();
        assertThat(statuses(before)).containsExactly("biopsy-pathology NEEDED", "psa NEEDED",
                "imaging-reports NEEDED", "imaging-studies NEEDED", "clinical-notes NEEDED");
        JsonNode pathology = item(after, "biopsy-pathology");
        assertThat(pathology.get("status").asString()).isEqualTo("SATISFIED");
        assertThat(pathology.get("satisfiedBy").toString()).isEqualTo("[\"" + recordId + "\"]");
        assertThat(pathology.get("categories").toString()).isEqualTo("[\"PATHOLOGY_REPORT\"]");
        assertThat(pathology.get("patientLabel").asString()).isEqualTo("the pathology report of your prostate biopsy");
        assertThat(pathology.get("label").asString()).startsWith("Prostate biopsy pathology");
        assertThat(statuses(after)).containsExactly("biopsy-pathology SATISFIED", "psa NEEDED",
                "imaging-reports NEEDED", "imaging-studies NEEDED", "clinical-notes NEEDED");
    }

    @Test
    void records_complete_is_refused_while_items_are_open_and_nothing_changes() {
        // given a prostate case collecting records, with its pathology report only
        String patient = api.token(PATIENT);
        String coordinator = api.token(COORDINATOR);
        String caseId = openProstateCase(patient);
        upload(patient, caseId, "PATHOLOGY_REPORT");
        triage(patient, coordinator, caseId);

        // when
        Response refused = api.post(coordinator, "/api/v1/cases/" + caseId + "/records-complete", null);

        // then
        assertProblem(refused, 409);
        assertThat(refused.json().get("detail").asString()).isEqualTo("the records are not complete; still needed: "
                + "PSA history; Multiparametric MRI report (PI-RADS) and staging imaging; Imaging studies (DICOM) for "
                + "surgical or radiotherapy planning; Urology or oncology clinic notes. Add these records, or waive an "
                + "item the specialist can do without, with the reason");
        JsonNode c = api.get(coordinator, "/api/v1/cases/" + caseId).json();
        assertThat(c.get("status").asString()).isEqualTo("COLLECTING_RECORDS");
        assertThat(c.get("allowedActions").toString()).doesNotContain("completeRecords")
                .contains("waiveChecklistItem");
        assertThat(api.get(coordinator, "/api/v1/cases/" + caseId + "/timeline").text())
                .doesNotContain("RecordsCompleted");
    }

    @Test
    void waiving_every_open_item_with_a_reason_lets_the_records_be_completed_and_each_waiver_is_audited() {
        // given a prostate case collecting records, with its pathology report and PSA results
        String patient = api.token(PATIENT);
        String coordinator = api.token(COORDINATOR);
        String caseId = openProstateCase(patient);
        upload(patient, caseId, "PATHOLOGY_REPORT");
        upload(patient, caseId, "LAB_RESULT");
        triage(patient, coordinator, caseId);

        // when the coordinator waives the other three
        JsonNode last = null;
        for (String item : List.of("imaging-reports", "imaging-studies", "clinical-notes")) {
            Response waived = waive(coordinator, caseId, item, "The referring letter summarises the " + item);
            assertThat(waived.status()).as("%s", waived).isEqualTo(200);
            last = waived.json();
        }
        JsonNode offered = api.get(coordinator, "/api/v1/cases/" + caseId).json();
        Response completed = api.post(coordinator, "/api/v1/cases/" + caseId + "/records-complete", null);

        // then
        assertThat(last.get("complete").asBoolean()).isTrue();
        JsonNode waiver = item(last, "clinical-notes").get("waiver");
        assertThat(waiver.get("by").asString()).isEqualTo("Nora Lindqvist");
        assertThat(waiver.get("role").asString()).isEqualTo("COORDINATOR");
        assertThat(waiver.get("reason").asString()).isEqualTo("The referring letter summarises the clinical-notes");
        assertThat(waiver.get("at").asString()).isNotBlank();
        assertThat(item(last, "clinical-notes").get("status").asString()).isEqualTo("WAIVED");
        assertThat(offered.get("allowedActions").toString()).contains("completeRecords");
        assertThat(completed.status()).as("%s", completed).isEqualTo(200);
        assertThat(completed.json().get("status").asString()).isEqualTo("READY_FOR_MATCHING");
        assertThat(audit.ofCase(caseIdOf(caseId))).filteredOn(e -> e.action().equals("ChecklistItemWaived"))
                .extracting(e -> e.detail() + " by " + e.actorRole() + ": " + e.outcome())
                .containsExactlyInAnyOrder("checklist item imaging-reports by COORDINATOR: OK",
                        "checklist item imaging-studies by COORDINATOR: OK",
                        "checklist item clinical-notes by COORDINATOR: OK");
        // and once the records are complete, the checklist no longer changes
        assertProblem(waive(coordinator, caseId, "psa", "Too late"), 409);
    }

    @Test
    void a_waiver_without_a_reason_is_refused_and_nothing_is_kept() {
        // given
        String patient = api.token(PATIENT);
        String coordinator = api.token(COORDINATOR);
        String caseId = openProstateCase(patient);
        triage(patient, coordinator, caseId);

        // when
        Response blank = waive(coordinator, caseId, "psa", "   ");
        Response none = api.post(coordinator, "/api/v1/cases/" + caseId + "/checklist/psa/waiver", Map.of());
        Response noBody = api.post(coordinator, "/api/v1/cases/" + caseId + "/checklist/psa/waiver", null);
        Response unknownItem = waive(coordinator, caseId, "x-ray", "Not needed");

        // then
        for (Response refused : List.of(blank, none, noBody)) {
            assertProblem(refused, 400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");
        }
        assertProblem(unknownItem, 404);
        assertThat(item(checklist(coordinator, caseId), "psa").get("status").asString()).isEqualTo("NEEDED");
        assertThat(jdbc.sql("select count(*) from records_checklist_waivers where case_id = ?")
                .param(UUID.fromString(caseId)).query(Long.class).single()).isZero();
    }

    @Test
    void only_the_case_s_coordinator_waives_and_a_stranger_finds_no_case() {
        // given
        String patient = api.token(PATIENT);
        String coordinator = api.token(COORDINATOR);
        String stranger = api.token(OTHER_PATIENT);
        String caseId = openProstateCase(patient);
        triage(patient, coordinator, caseId);

        // when
        Response byPatient = waive(patient, caseId, "psa", "I never had one");
        Response strangerWaives = waive(stranger, caseId, "psa", "Not needed");
        Response strangerReads = api.get(stranger, "/api/v1/cases/" + caseId + "/checklist");
        Response patientReads = api.get(patient, "/api/v1/cases/" + caseId + "/checklist");

        // then
        assertProblem(byPatient, 403);
        assertThat(byPatient.json().get("detail").asString())
                .isEqualTo("only the case's coordinator can waive an item of the records checklist");
        assertProblem(strangerWaives, 404);
        assertProblem(strangerReads, 404);
        assertThat(patientReads.status()).isEqualTo(200);
        assertThat(patientReads.json().get("allowedActions").size()).isZero();
        assertThat(item(patientReads.json(), "psa").get("status").asString()).isEqualTo("NEEDED");
        assertThat(audit.ofCase(caseIdOf(caseId))).filteredOn(e -> e.action().equals("AccessDenied"))
                .extracting(AuditEntry::rule).contains(
                        "only the case's coordinator can waive an item of the records checklist");
    }

    @Test
    void a_withdrawn_waiver_is_kept_and_the_item_is_needed_again() {
        // given a waived item
        String patient = api.token(PATIENT);
        String coordinator = api.token(COORDINATOR);
        String caseId = openProstateCase(patient);
        triage(patient, coordinator, caseId);
        assertThat(waive(coordinator, caseId, "psa", "Not done at the first hospital").status()).isEqualTo(200);

        // when
        Response withdrawn = api.post(coordinator, "/api/v1/cases/" + caseId + "/checklist/psa/waiver/withdrawal",
                null);
        Response again = api.post(coordinator, "/api/v1/cases/" + caseId + "/checklist/psa/waiver/withdrawal",
                null);
        Response waivedAgain = waive(coordinator, caseId, "psa", "The specialist will order it");

        // then
        assertThat(withdrawn.status()).as("%s", withdrawn).isEqualTo(200);
        JsonNode psa = item(withdrawn.json(), "psa");
        assertThat(psa.get("status").asString()).isEqualTo("NEEDED");
        assertThat(psa.get("waiver").isNull()).isTrue();
        JsonNode kept = psa.get("withdrawnWaivers").get(0);
        assertThat(kept.get("reason").asString()).isEqualTo("Not done at the first hospital");
        assertThat(kept.get("withdrawnBy").asString()).isEqualTo("Nora Lindqvist");
        assertThat(kept.get("withdrawnByRole").asString()).isEqualTo("COORDINATOR");
        assertThat(kept.get("withdrawnAt").asString()).isNotBlank();
        assertProblem(again, 409);
        JsonNode after = item(waivedAgain.json(), "psa");
        assertThat(after.get("status").asString()).isEqualTo("WAIVED");
        assertThat(after.get("waiver").get("reason").asString()).isEqualTo("The specialist will order it");
        assertThat(after.get("withdrawnWaivers").size()).isEqualTo(1);
        assertProblem(waive(coordinator, caseId, "psa", "Twice"), 409);
        assertThat(audit.ofCase(caseIdOf(caseId))).extracting(AuditEntry::action)
                .containsSubsequence("ChecklistItemWaived", "ChecklistWaiverWithdrawn", "ChecklistItemWaived");
    }

    @Test
    void a_voided_record_no_longer_satisfies_its_item() {
        // given a pathology report that satisfies its item, then voided
        String patient = api.token(PATIENT);
        String caseId = openProstateCase(patient);
        String recordId = upload(patient, caseId, "PATHOLOGY_REPORT");
        assertThat(item(checklist(patient, caseId), "biopsy-pathology").get("status").asString())
                .isEqualTo("SATISFIED");

        // when
        assertThat(api.post(patient, "/api/v1/cases/" + caseId + "/records/" + recordId + "/void",
                Map.of("reason", "wrong patient")).status()).isEqualTo(200);

        // then
        JsonNode pathology = item(checklist(patient, caseId), "biopsy-pathology");
        assertThat(pathology.get("status").asString()).isEqualTo("NEEDED");
        assertThat(pathology.get("satisfiedBy").size()).isZero();
    }

    @Test
    void the_general_checklist_gates_a_case_no_condition_fits() {
        // given a lymphoma case, collecting records, with no records
        String patient = api.token(PATIENT);
        String coordinator = api.token(COORDINATOR);
        Response opened = api.post(patient, "/api/v1/cases", Map.of("diagnosis", "Follicular lymphoma",
                "specialty", "HEMATOLOGY", "questions", List.of(Map.of("kind", "OTHER", "text", "Watch and wait?"))));
        String caseId = opened.json().get("id").asString();
        triage(patient, coordinator, caseId);

        // when
        Response refused = api.post(coordinator, "/api/v1/cases/" + caseId + "/records-complete", null);
        upload(patient, caseId, "CLINICAL_NOTE");
        upload(patient, caseId, "IMAGING_REPORT");
        Response completed = api.post(coordinator, "/api/v1/cases/" + caseId + "/records-complete", null);

        // then
        assertProblem(refused, 409);
        assertThat(refused.json().get("detail").asString()).contains("Clinic notes or a referral letter");
        assertThat(completed.status()).as("%s", completed).isEqualTo(200);
    }

    private String openProstateCase(String patient) {
        Response opened = api.post(patient, "/api/v1/cases", Map.of("diagnosis", "Adenocarcinoma of the prostate",
                "icd10Code", "C61", "specialty", "RADIATION_ONCOLOGY", "questions",
                List.of(Map.of("kind", "TREATMENT_OPTIONS", "text", "Radiotherapy or surgery?"))));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        return opened.json().get("id").asString();
    }

    private void triage(String patient, String coordinator, String caseId) {
        assertThat(api.post(patient, "/api/v1/cases/" + caseId + "/submit", null).status()).isEqualTo(200);
        assertThat(api.post(coordinator, "/api/v1/cases/" + caseId + "/triage", Map.of("decision", "ACCEPT"))
                .status()).isEqualTo(200);
    }

    private String upload(String token, String caseId, String category) {
        Response uploaded = api.upload(token, "/api/v1/cases/" + caseId + "/records", category + ".pdf",
                FileFixtures.pdf(category + " " + UUID.randomUUID()), Map.of("category", category));
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        return uploaded.json().get("id").asString();
    }

    private Response waive(String token, String caseId, String item, String reason) {
        return api.post(token, "/api/v1/cases/" + caseId + "/checklist/" + item + "/waiver",
                Map.of("reason", reason));
    }

    private JsonNode checklist(String token, String caseId) {
        Response read = api.get(token, "/api/v1/cases/" + caseId + "/checklist");
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        return read.json();
    }

    private static JsonNode item(JsonNode checklist, String key) {
        for (JsonNode item : checklist.get("items")) {
            if (item.get("key").asString().equals(key)) {
                return item;
            }
        }
        throw new AssertionError("no item " + key + " in " + checklist);
    }

    private static List<String> statuses(JsonNode checklist) {
        List<String> all = new ArrayList<>();
        checklist.get("items").forEach(i -> all.add(i.get("key").asString() + " " + i.get("status").asString()));
        return all;
    }

    private static CaseId caseIdOf(String id) {
        return new CaseId(UUID.fromString(id));
    }
}
