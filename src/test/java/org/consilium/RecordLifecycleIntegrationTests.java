package org.consilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.consilium.ApiClient.Response;
import org.consilium.audit.AuditEntry;
import org.consilium.audit.AuditTrail;
import org.consilium.records.RecordId;
import org.consilium.records.internal.RecordProcessing;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A record's life after upload: its details edited with a history, voided with a reason and still listed, its text
 * searched within its case, its thumbnail drawn; and hostile files that must not break any of it. Processing (text,
 * thumbnail) is run by the test, as the schedule would.
 */
@IntegrationTest
class RecordLifecycleIntegrationTests {

    private static final String PATIENT = "patient@example.org";
    private static final String OTHER_PATIENT = "patient2@example.org";
    private static final String COORDINATOR = "coordinator@example.org";

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail audit;

    @Autowired
    RecordProcessing processing;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    // ---- details ----------------------------------------------------------------------------------------------

    @Test
    void the_uploader_edits_a_records_details_and_every_change_is_kept_with_who_and_when() {
        // given
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        String recordId = upload(patient, caseId, "labs.pdf", FileFixtures.pdf("Labs"));

        // when
        Response first = patch(patient, caseId, recordId, Map.of("description", "Blood count before surgery",
                "origin", "City Hospital Laboratory", "dateOfService", "2026-10-28"));
        Response second = patch(patient, caseId, recordId, Map.of("origin", "", "category", "LAB_RESULT"));

        // then
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(second.status()).as("%s", second).isEqualTo(200);
        JsonNode listed = api.get(patient, records(caseId)).json().get(0);
        assertThat(listed.get("description").asString()).isEqualTo("Blood count before surgery");
        assertThat(listed.get("origin").isNull()).isTrue();
        assertThat(listed.get("category").asString()).isEqualTo("LAB_RESULT");
        assertThat(listed.get("dateOfService").asString()).isEqualTo("2026-10-28");
        assertThat(listed.get("detailChanges").values()).extracting(c -> c.get("field").asString() + ":"
                + text(c.get("from")) + ">" + text(c.get("to")) + " by " + c.get("changedByRole").asString())
                .containsExactly("dateOfService:2026-10-30>2026-10-28 by PATIENT",
                        "description:null>Blood count before surgery by PATIENT",
                        "origin:null>City Hospital Laboratory by PATIENT",
                        "origin:City Hospital Laboratory>null by PATIENT");
        assertThat(listed.get("categoryChanges").size()).isEqualTo(1);
        assertThat(listed.get("allowedActions").values()).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("readRecords", "editRecord", "voidRecord");
        assertThat(actions(caseId)).contains("RecordDetailsEdited", "RecordRecategorised");
    }

    @Test
    void bad_details_are_refused_field_by_field_and_another_patient_does_not_see_the_record() {
        // given
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        String recordId = upload(patient, caseId, "labs.pdf", FileFixtures.pdf("Labs"));

        // when
        Response invalid = patch(patient, caseId, recordId, Map.of("description", "x".repeat(2001),
                "origin", "y".repeat(201), "dateOfService", "yesterday"));
        Response unchanged = patch(patient, caseId, recordId, Map.of("dateOfService", "2026-10-30"));
        Response unknownProperty = api.send("PATCH", records(caseId) + "/" + recordId, patient,
                Map.of("Content-Type", "application/json"),
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"description\":\"a\",\"author\":\"b\"}"));
        Response stranger = patch(api.token(OTHER_PATIENT), caseId, recordId, Map.of("description", "mine"));

        // then
        assertProblem(invalid, 400);
        assertThat(invalid.json().get("errors").values()).extracting(e -> e.get("field").asString())
                .containsExactlyInAnyOrder("description", "origin", "dateOfService");
        assertProblem(unchanged, 400);
        assertThat(unchanged.json().get("detail").asString())
                .isEqualTo("nothing to change: the record already has these details");
        assertProblem(unknownProperty, 400);
        assertProblem(stranger, 404);
    }

    @Test
    void the_coordinator_edits_a_patients_record_while_collecting_and_nobody_edits_once_the_file_is_complete() {
        // given
        String patient = api.token(PATIENT);
        String coordinator = api.token(COORDINATOR);
        String caseId = openCase(patient);
        String recordId = upload(patient, caseId, "labs.pdf", FileFixtures.pdf("Labs"));
        api.post(patient, "/api/v1/cases/" + caseId + "/submit", null);
        api.post(coordinator, "/api/v1/cases/" + caseId + "/triage", Map.of("decision", "ACCEPT"));

        // when
        Response edited = patch(coordinator, caseId, recordId, Map.of("origin", "Regional Pathology"));
        api.waiveChecklist(coordinator, caseId);
        assertThat(api.post(coordinator, "/api/v1/cases/" + caseId + "/records-complete", null).status())
                .isEqualTo(200);
        Response tooLate = patch(patient, caseId, recordId, Map.of("origin", "Somewhere else"));

        // then
        assertThat(edited.status()).as("%s", edited).isEqualTo(200);
        assertThat(edited.json().get("detailChanges").get(0).get("changedByRole").asString())
                .isEqualTo("COORDINATOR");
        assertProblem(tooLate, 409);
    }

    // ---- voiding ----------------------------------------------------------------------------------------------

    @Test
    void a_voided_record_stays_listed_with_its_reason_its_content_goes_to_the_coordinator_alone_and_nothing_is_deleted() {
        // given a case collecting records, with a record the patient added
        String patient = api.token(PATIENT);
        String coordinator = api.token(COORDINATOR);
        String caseId = openCase(patient);
        String recordId = upload(patient, caseId, "other-patient.pdf", FileFixtures.pdf("Someone else"));
        api.post(patient, "/api/v1/cases/" + caseId + "/submit", null);
        api.post(coordinator, "/api/v1/cases/" + caseId + "/triage", Map.of("decision", "ACCEPT"));

        // when
        Response noReason = api.post(patient, records(caseId) + "/" + recordId + "/void", Map.of("reason", " "));
        Response voided = api.post(patient, records(caseId) + "/" + recordId + "/void",
                Map.of("reason", "This is my sister's report"));
        Response again = api.post(coordinator, records(caseId) + "/" + recordId + "/void", Map.of("reason", "Twice"));
        Response edit = patch(coordinator, caseId, recordId, Map.of("description", "x"));

        // then
        assertProblem(noReason, 400);
        assertThat(noReason.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");
        assertThat(voided.status()).as("%s", voided).isEqualTo(200);
        assertProblem(again, 409);
        assertProblem(edit, 409);
        for (String reader : List.of(patient, coordinator)) {
            JsonNode listed = api.get(reader, records(caseId)).json().get(0);
            assertThat(listed.get("voided").get("reason").asString()).isEqualTo("This is my sister's report");
            assertThat(listed.get("voided").get("byRole").asString()).isEqualTo("PATIENT");
        }
        Response patientReads = api.get(patient, records(caseId) + "/" + recordId + "/content");
        assertProblem(patientReads, 409);
        assertThat(patientReads.json().get("detail").asString()).contains("voided");
        assertThat(api.get(coordinator, records(caseId) + "/" + recordId + "/content").status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from records_records r join records_blobs b on b.id = r.blob_id "
                + "where r.id = ?").param(UUID.fromString(recordId)).query(Long.class).single()).isEqualTo(1);
        assertThat(actions(caseId)).contains("RecordVoided");
    }

    // ---- search -----------------------------------------------------------------------------------------------

    @Test
    void search_finds_a_word_inside_an_uploaded_pdf_and_text_file_of_the_case_and_nothing_of_another_case() {
        // given two cases of the patient, each with a record saying the word, and one of another patient
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        String pdf = upload(patient, caseId, "pathology.pdf", FileFixtures.pdf("Findings: lymphoblastic infiltrate"));
        String note = upload(patient, caseId, "note.txt", FileFixtures.utf8("Marrow shows LYMPHOBLASTIC cells.\n"));
        String other = upload(patient, caseId, "labs.pdf", FileFixtures.pdf("Haemoglobin 12"));
        String otherCase = openCase(patient);
        upload(patient, otherCase, "elsewhere.pdf", FileFixtures.pdf("lymphoblastic too"));
        process(caseId, otherCase);

        // when
        Response found = api.get(patient, records(caseId) + "/search?q=lymphoblastic");
        Response phrase = api.get(patient, records(caseId) + "/search?q=%22lymphoblastic+infiltrate%22");
        Response stranger = api.get(api.token(OTHER_PATIENT), records(caseId) + "/search?q=lymphoblastic");
        Response empty = api.get(patient, records(caseId) + "/search?q=");

        // then
        assertThat(found.status()).as("%s", found).isEqualTo(200);
        assertThat(found.json().values()).extracting(m -> m.get("record").get("id").asString())
                .containsExactlyInAnyOrder(pdf, note).doesNotContain(other);
        assertThat(found.json().get(0).get("snippet").asString()).containsIgnoringCase("lymphoblastic");
        assertThat(phrase.json().values()).extracting(m -> m.get("record").get("id").asString())
                .containsExactly(pdf);
        assertProblem(stranger, 404);
        assertProblem(empty, 400);
    }

    @Test
    void a_voided_record_leaves_the_search_results() {
        // given
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        String recordId = upload(patient, caseId, "pathology.pdf", FileFixtures.pdf("Adenocarcinoma grade two"));
        process(caseId);
        assertThat(api.get(patient, records(caseId) + "/search?q=adenocarcinoma").json().size()).isEqualTo(1);

        // when
        api.post(patient, records(caseId) + "/" + recordId + "/void", Map.of("reason", "Uploaded twice"));

        // then
        assertThat(api.get(patient, records(caseId) + "/search?q=adenocarcinoma").json().size()).isZero();
    }

    // ---- thumbnails -------------------------------------------------------------------------------------------

    @Test
    void a_pdf_and_a_png_get_a_small_png_thumbnail_served_privately_and_a_word_file_none() throws Exception {
        // given
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        String pdf = upload(patient, caseId, "report.pdf", FileFixtures.pdf("Report"));
        String png = upload(patient, caseId, "scan.png", FileFixtures.png(1200, 900));
        String docx = upload(patient, caseId, "letter.docx", FileFixtures.docx("Dear colleague"));
        process(caseId);

        // when
        Response ofPdf = api.get(patient, records(caseId) + "/" + pdf + "/thumbnail");
        Response ofPng = api.get(patient, records(caseId) + "/" + png + "/thumbnail");
        Response ofDocx = api.get(patient, records(caseId) + "/" + docx + "/thumbnail");
        Response stranger = api.get(api.token(OTHER_PATIENT), records(caseId) + "/" + pdf + "/thumbnail");

        // then
        for (Response thumbnail : List.of(ofPdf, ofPng)) {
            assertThat(thumbnail.status()).as("%s", thumbnail).isEqualTo(200);
            assertThat(thumbnail.contentType()).isEqualTo("image/png");
            assertThat(thumbnail.header("Cache-Control").orElseThrow()).startsWith("private");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
            assertThat(Math.max(image.getWidth(), image.getHeight())).isLessThanOrEqualTo(256);
        }
        BufferedImage scan = ImageIO.read(new ByteArrayInputStream(ofPng.body()));
        assertThat(scan.getWidth()).isEqualTo(256);
        assertThat(scan.getHeight()).isEqualTo(192);
        assertProblem(ofDocx, 404);
        assertProblem(stranger, 404);
        JsonNode listed = api.get(patient, records(caseId)).json();
        assertThat(listed.values()).extracting(r -> r.get("hasThumbnail").asBoolean())
                .containsExactly(true, true, false);
        assertThat(actions(caseId)).contains("PatientDataRead");
    }

    @Test
    void hostile_files_are_added_and_listed_but_get_no_thumbnail() {
        // given a PDF whose page has no size, and a PNG claiming ten billion pixels
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        String pdf = upload(patient, caseId, "odd.pdf",
                FileFixtures.pdf((document, page) -> page.setMediaBox(new PDRectangle(0, 0))));
        String bomb = upload(patient, caseId, "bomb.png", FileFixtures.pngClaiming(100_000, 100_000));

        // when
        process(caseId);

        // then
        assertProblem(api.get(patient, records(caseId) + "/" + pdf + "/thumbnail"), 404);
        assertProblem(api.get(patient, records(caseId) + "/" + bomb + "/thumbnail"), 404);
        assertThat(api.get(patient, records(caseId)).json().size()).isEqualTo(2);
        assertThat(api.get(patient, records(caseId) + "/" + bomb + "/content").status()).isEqualTo(200);
        assertThat(processing.waiting(new RecordId(UUID.fromString(pdf)))).isFalse();
    }

    @Test
    void without_a_scanner_a_record_is_unscanned_never_clean_and_is_served() {
        // given
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        String recordId = upload(patient, caseId, "labs.pdf", FileFixtures.pdf("Labs"));

        // when
        process(caseId);

        // then
        assertThat(api.get(patient, records(caseId)).json().get(0).get("scanState").asString())
                .isEqualTo("UNSCANNED");
        assertThat(api.get(patient, records(caseId) + "/" + recordId + "/content").status()).isEqualTo(200);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Runs the processing of the cases' records, as the schedule does in the app. */
    private void process(String... caseIds) {
        for (String caseId : caseIds) {
            jdbc.sql("select record_id from records_processing where case_id = ?").param(UUID.fromString(caseId))
                    .query(UUID.class).list().forEach(id -> processing.process(new RecordId(id)));
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "null" : node.asString();
    }

    private List<String> actions(String caseId) {
        return audit.ofCase(new CaseId(UUID.fromString(caseId))).stream().map(AuditEntry::action).toList();
    }

    private String openCase(String patient) {
        Response opened = api.post(patient, "/api/v1/cases", Map.of("diagnosis", "Acute lymphoblastic leukaemia",
                "specialty", "HEMATOLOGY", "questions", List.of(Map.of("kind", "OTHER", "text", "Which protocol?"))));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        return opened.json().get("id").asString();
    }

    private String upload(String token, String caseId, String name, byte[] content) {
        Response uploaded = api.upload(token, records(caseId), name, content,
                Map.of("category", "PATHOLOGY_REPORT", "dateOfService", "2026-10-30"));
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        return uploaded.json().get("id").asString();
    }

    private Response patch(String token, String caseId, String recordId, Map<String, String> details) {
        return api.send("PATCH", records(caseId) + "/" + recordId, token, Map.of("Content-Type", "application/json"),
                java.net.http.HttpRequest.BodyPublishers.ofString(json(details)));
    }

    private static String json(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
                .append(v).append('"'));
        return json.append('}').toString();
    }

    private static String records(String caseId) {
        return "/api/v1/cases/" + caseId + "/records";
    }
}
