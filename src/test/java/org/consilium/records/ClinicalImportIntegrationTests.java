package org.consilium.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.BrowserForms;
import org.consilium.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Imported records through the API and the case page: a patient uploads a patient-portal export (a bundle Synthea
 * generated) or a C-CDA document, and the case's clinical summary shows its conditions, medications and lab trends,
 * each naming its record, to those who may read the records, and to no one else.
 */
@IntegrationTest
class ClinicalImportIntegrationTests {

    private static final String PATIENT = "patient@example.org";
    private static final String OTHER_PATIENT = "patient2@example.org";
    private static final String COORDINATOR = "coordinator@example.org";
    private static final String ONCOLOGIST = "oncologist@example.org";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void a_synthea_bundle_becomes_the_case_s_clinical_summary_with_lab_trends_naming_their_record_and_a_chart() {
        // given
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);

        // when the patient uploads their portal export
        Response uploaded = api.upload(patient, "/api/v1/cases/" + caseId + "/records", "portal-export.json",
                resource("synthea/synthea-patient.json"), Map.of("category", "OTHER"));

        // then
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        assertThat(uploaded.json().get("contentType").asString()).isEqualTo("application/json");
        String recordId = uploaded.json().get("id").asString();
        Response summary = api.get(patient, "/api/v1/cases/" + caseId + "/clinical-summary");
        assertThat(summary.status()).as("%s", summary).isEqualTo(200);
        JsonNode json = summary.json();
        assertThat(json.get("conditions").values()).extracting(c -> c.get("display").asString())
                .contains("Diabetes mellitus type 2 (disorder)");
        assertThat(json.get("conditions").values()).allSatisfy(c ->
                assertThat(c.get("recordId").asString()).isEqualTo(recordId));
        assertThat(json.get("medications").values()).isNotEmpty();
        assertThat(json.get("procedures").values()).isNotEmpty();
        JsonNode a1c = json.get("labs").values().stream().filter(l -> "4548-4".equals(l.get("code").asString()))
                .findFirst().orElseThrow();
        assertThat(a1c.get("system").asString()).isEqualTo("http://loinc.org");
        assertThat(a1c.get("unit").asString()).isEqualTo("%");
        assertThat(a1c.get("values").values()).hasSize(8).allSatisfy(v -> {
            assertThat(v.get("value").isNumber()).as("%s", v).isTrue();
            assertThat(v.get("recordId").asString()).isEqualTo(recordId);
            assertThat(Instant.parse(v.get("at").asString())).isBefore(Instant.now());
        });
        assertThat(a1c.get("values").values()).extracting(v -> Instant.parse(v.get("at").asString())).isSorted();
        JsonNode imported = json.get("imports").get(0);
        assertThat(imported.get("recordId").asString()).isEqualTo(recordId);
        assertThat(imported.get("format").asString()).isEqualTo("FHIR_R4_BUNDLE");
        assertThat(imported.get("skipped").get("Claim").asInt()).isEqualTo(63);

        // and the notes the bundle carries are records of the case, from the import
        Response records = api.get(patient, "/api/v1/cases/" + caseId + "/records");
        assertThat(records.json().values()).hasSize(21);
        assertThat(records.json().values()).filteredOn(r -> r.get("source").asString().equals("FHIR_IMPORT"))
                .hasSize(20).allSatisfy(r -> {
                    assertThat(r.get("category").asString()).isEqualTo("CLINICAL_NOTE");
                    assertThat(r.get("contentType").asString()).isEqualTo("text/plain");
                    assertThat(r.get("dateOfService").isNull()).isFalse();
                });

        // and the case page shows the patient the lab table, with a trend chart per test
        BrowserForms browser = new BrowserForms(port);
        browser.signIn(PATIENT, ApiClient.DEMO_PASSWORD);
        HttpResponse<String> page = browser.get("/cases/" + caseId);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Clinical summary", "Hemoglobin A1c/Hemoglobin.total in Blood",
                "Diabetes mellitus type 2 (disorder)", "portal-export.json")
                .containsPattern("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend-chart\" role=\"img\"")
                .containsPattern("<desc id=\"trend-\\d+-desc\">8 results from ");
    }

    @Test
    void a_c_cda_document_becomes_the_case_s_clinical_summary() {
        // given
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);

        // when
        Response uploaded = api.upload(patient, "/api/v1/cases/" + caseId + "/records", "ccd.xml",
                resource("ccda/CCD-1.xml"), Map.of("category", "CLINICAL_NOTE"));

        // then
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        JsonNode json = api.get(patient, "/api/v1/cases/" + caseId + "/clinical-summary").json();
        assertThat(json.get("imports").values()).singleElement()
                .satisfies(i -> assertThat(i.get("format").asString()).isEqualTo("CCDA"));
        JsonNode hemoglobin = json.get("labs").values().stream()
                .filter(l -> "718-7".equals(l.get("code").asString())).findFirst().orElseThrow();
        assertThat(hemoglobin.get("referenceRange").get("low").decimalValue()).isEqualByComparingTo("12.0");
        assertThat(hemoglobin.get("values").values()).singleElement().satisfies(v -> {
            assertThat(v.get("value").decimalValue()).isEqualByComparingTo("13.2");
            assertThat(v.get("at").asString()).isEqualTo("2008-03-19T16:30:00Z");
        });
        assertThat(json.get("allergies").values()).isNotEmpty();
    }

    @Test
    void a_broken_bundle_is_refused_with_its_line_and_reason_and_nothing_is_stored() {
        // given
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        String lipids = new String(resource("hl7-r4/Bundle-lipids.json"), StandardCharsets.UTF_8);
        byte[] broken = lipids.replace("\"value\": 6.3,", "\"value\": 6.3").getBytes(StandardCharsets.UTF_8);

        // when
        Response refused = api.upload(patient, "/api/v1/cases/" + caseId + "/records", "lipids.json", broken,
                Map.of("category", "LAB_RESULT"));

        // then
        assertProblem(refused, 400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("file");
        assertThat(error.get("message").asString()).startsWith("this FHIR bundle could not be read: line 104, column")
                .contains("nothing was stored");
        assertThat(api.get(patient, "/api/v1/cases/" + caseId + "/records").json().values()).isEmpty();
        assertThat(api.get(patient, "/api/v1/cases/" + caseId + "/clinical-summary").json().get("imports")
                .values()).isEmpty();
    }

    @Test
    void only_those_who_may_read_the_records_read_the_summary_and_the_specialist_does_once_they_accept() {
        // given a case with an imported lab panel, offered to the oncologist
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        assertThat(api.upload(patient, "/api/v1/cases/" + caseId + "/records", "lipids.json",
                resource("hl7-r4/Bundle-lipids.json"), Map.of("category", "LAB_RESULT")).status()).isEqualTo(201);
        String path = "/api/v1/cases/" + caseId + "/clinical-summary";

        // then a stranger cannot tell the case exists
        assertProblem(api.get(api.token(OTHER_PATIENT), path), 404);
        assertProblem(api.get(null, path), 401);

        // when it is submitted, triaged and offered
        assertThat(api.post(patient, "/api/v1/cases/" + caseId + "/submit", null).status()).isEqualTo(200);
        String coordinator = api.token(COORDINATOR);
        assertThat(api.post(coordinator, "/api/v1/cases/" + caseId + "/triage", Map.of("decision", "ACCEPT"))
                .status()).isEqualTo(200);
        assertThat(api.get(coordinator, path).status()).as("the case's coordinator").isEqualTo(200);
        api.waiveChecklist(coordinator, caseId);
        assertThat(api.post(coordinator, "/api/v1/cases/" + caseId + "/records-complete", null).status())
                .isEqualTo(200);
        String oncologistId = api.get(coordinator, "/api/v1/specialists?specialty=MEDICAL_ONCOLOGY").json()
                .values().stream().filter(s -> s.get("name").asString().equals("Dr. Elena Marchetti")).findFirst()
                .orElseThrow().get("id").asString();
        Response offered = api.post(coordinator, "/api/v1/cases/" + caseId + "/offers",
                Map.of("specialistId", oncologistId));
        assertThat(offered.json().get("status").asString()).as("%s", offered).isEqualTo("OFFERED");

        // then the specialist who is only offered the case may not read it yet
        String oncologist = api.token(ONCOLOGIST);
        assertProblem(api.get(oncologist, path), 403);

        // when they accept, they read the lab results, each naming its record
        assertThat(api.post(oncologist, "/api/v1/cases/" + caseId + "/accept", null).status()).isEqualTo(200);
        Response read = api.get(oncologist, path);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("labs").values()).extracting(l -> l.get("display").asString())
                .contains("Cholesterol");

        // and the reads are on the patient's access log
        assertThat(jdbc.sql("select count(*) from audit_entries where case_id = ? and detail = 'clinical summary'")
                .param(UUID.fromString(caseId)).query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_voided_record_takes_its_data_out_of_the_summary() {
        // given
        String patient = api.token(PATIENT);
        String caseId = openCase(patient);
        Response uploaded = api.upload(patient, "/api/v1/cases/" + caseId + "/records", "lipids.json",
                resource("hl7-r4/Bundle-lipids.json"), Map.of("category", "LAB_RESULT"));
        String path = "/api/v1/cases/" + caseId + "/clinical-summary";
        assertThat(api.get(patient, path).json().get("labs").values()).hasSize(4);

        // when the record is voided (by the voiding of records, which writes these columns)
        jdbc.sql("update records_records set voided_at = now(), voided_by = uploaded_by, void_reason = 'wrong patient'"
                + " where id = ?").param(UUID.fromString(uploaded.json().get("id").asString())).update();

        // then
        JsonNode json = api.get(patient, path).json();
        assertThat(json.get("labs").values()).isEmpty();
        assertThat(json.get("imports").values()).isEmpty();
    }

    private String openCase(String token) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("diagnosis", "Type 2 diabetes with retinopathy");
        request.put("specialty", "MEDICAL_ONCOLOGY");
        request.put("urgency", "ROUTINE");
        request.put("questions", List.of(Map.of("kind", "TREATMENT_OPTIONS", "text", "Is my treatment right?")));
        Response opened = api.post(token, "/api/v1/cases", request);
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        return opened.json().get("id").asString();
    }

    private static byte[] resource(String path) {
        try (InputStream in = ClinicalImportIntegrationTests.class.getResourceAsStream("/fhir/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource fhir/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
