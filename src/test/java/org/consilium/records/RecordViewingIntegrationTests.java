package org.consilium.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.BrowserForms;
import org.consilium.FileFixtures;
import org.consilium.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PDFs and images shown in the case page: served inline only to those who may read the record, framed only by the
 * app's own pages, each view audited; other types are downloads only, and the page itself reads no record's content.
 */
@IntegrationTest
class RecordViewingIntegrationTests {

    private static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    int port;

    @Autowired
    org.consilium.Mailbox mailbox;

    @Autowired
    JdbcClient jdbc;

    @Test
    void a_pdf_and_an_image_are_shown_inline_framed_only_by_the_app_and_a_spreadsheet_is_not() {
        // given a patient's case with a PDF, a PNG and a spreadsheet
        ApiClient api = new ApiClient(port);
        String email = "viewer-" + UUID.randomUUID() + "@example.org";
        api.post(null, "/api/v1/auth/register", Map.of("email", email, "displayName", "Vi Ewer", "password",
                PASSWORD, "acceptPrivacyNoticeAndTerms", true));
        mailbox.confirm(api, email, PASSWORD);
        String token = api.signIn(email, PASSWORD).json().get("access_token").asString();
        String caseId = api.post(token, "/api/v1/cases", Map.of("diagnosis", "Viewing", "specialty",
                "MEDICAL_ONCOLOGY", "questions", List.of(Map.of("kind", "OTHER", "text", "Can I see it?"))))
                .json().get("id").asString();
        String records = "/api/v1/cases/" + caseId + "/records";
        String pdf = api.upload(token, records, "report.pdf", FileFixtures.pdf("Biopsy"),
                Map.of("category", "PATHOLOGY_REPORT")).json().get("id").asString();
        String png = api.upload(token, records, "scan.png", FileFixtures.png(), Map.of("category", "IMAGING_REPORT"))
                .json().get("id").asString();
        String sheet = api.upload(token, records, "labs.xlsx", FileFixtures.xlsx(), Map.of("category", "LAB_RESULT"))
                .json().get("id").asString();
        BrowserForms patient = new BrowserForms(port);
        patient.signIn(email, PASSWORD);
        BrowserForms stranger = new BrowserForms(port);
        stranger.signIn("patient2@example.org", ApiClient.DEMO_PASSWORD);
        String base = "/cases/" + caseId + "/records/";
        long readsBefore = contentReads(caseId);

        // when the case page is shown, and then each record inline
        HttpResponse<String> page = patient.get("/cases/" + caseId);
        long readsOfPage = contentReads(caseId) - readsBefore;
        HttpResponse<String> shownPdf = patient.get(base + pdf + "/inline");
        HttpResponse<String> shownPng = patient.get(base + png + "/inline");
        HttpResponse<String> shownSheet = patient.get(base + sheet + "/inline");
        HttpResponse<String> strangers = stranger.get(base + pdf + "/inline");

        // then the page offers to show the PDF and the image, without reading them until asked
        assertThat(page.body()).contains(base + pdf + "/inline", base + png + "/inline")
                .doesNotContain(base + sheet + "/inline");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(readsOfPage).isZero();
        // and each is shown inline, framed by the app alone, never cached, and each view is an audited read
        for (HttpResponse<String> shown : List.of(shownPdf, shownPng)) {
            assertThat(shown.statusCode()).isEqualTo(200);
            assertThat(shown.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
                    assertThat(d).startsWith("inline"));
            assertThat(shown.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("frame-ancestors 'self'").contains("default-src 'none'"));
            assertThat(shown.headers().firstValue("X-Frame-Options")).contains("SAMEORIGIN");
            assertThat(shown.headers().firstValue("Cache-Control")).hasValueSatisfying(c ->
                    assertThat(c).contains("no-store"));
            assertThat(shown.headers().firstValue("Accept-Ranges")).isEmpty();
        }
        assertThat(shownPdf.headers().firstValue("Content-Type")).contains("application/pdf");
        assertThat(shownPng.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(contentReads(caseId) - readsBefore).isEqualTo(2);
        // a spreadsheet is a download only, and a stranger sees nothing
        assertThat(shownSheet.statusCode()).isEqualTo(404);
        assertThat(strangers.statusCode()).isEqualTo(404);
    }

    private long contentReads(String caseId) {
        return jdbc.sql("select count(*) from audit_entries where case_id = ? and action = 'PatientDataRead' "
                + "and detail like 'record content%'").param(UUID.fromString(caseId)).query(Long.class).single();
    }
}
