package org.consilium.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.FileFixtures;
import org.consilium.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A ZIP archive uploaded becomes a record per file it holds, each screened on its own, and an archive with anything
 * dangerous stores nothing; a file whose name says another type than its bytes is kept under the right extension and
 * the name it came under is shown.
 */
@IntegrationTest
class ArchiveUploadIntegrationTests {

    private static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    int port;

    @Autowired
    org.consilium.Mailbox mailbox;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;
    String token;
    String caseId;

    @BeforeEach
    void patientWithCase() {
        api = new ApiClient(port);
        String email = "zip-" + UUID.randomUUID() + "@example.org";
        api.post(null, "/api/v1/auth/register", Map.of("email", email, "displayName", "Zip Per", "password",
                PASSWORD, "acceptPrivacyNoticeAndTerms", true));
        mailbox.confirm(api, email, PASSWORD);
        token = api.signIn(email, PASSWORD).json().get("access_token").asString();
        caseId = api.post(token, "/api/v1/cases", Map.of("diagnosis", "Archives", "specialty", "MEDICAL_ONCOLOGY",
                "questions", List.of(Map.of("kind", "OTHER", "text", "Unpacked?")))).json().get("id").asString();
    }

    @Test
    void an_archive_becomes_a_record_per_file_and_its_own_bytes_are_not_kept() {
        // given a copied CD as a ZIP: a report, a series in a nested archive, and what a Mac adds
        Map<String, byte[]> series = new LinkedHashMap<>();
        series.put("IM0001", FileFixtures.dicom());
        Map<String, byte[]> cd = new LinkedHashMap<>();
        cd.put("REPORT/mri.pdf", FileFixtures.pdf("MRI brain: enhancing lesion"));
        cd.put("DICOM/series.zip", FileFixtures.zip(series));
        cd.put("__MACOSX/._mri.pdf", new byte[] {1, 2, 3});

        // when
        Response uploaded = api.upload(token, "/api/v1/cases/" + caseId + "/records", "cd.zip",
                FileFixtures.zip(cd), Map.of("category", "IMAGING_STUDY"));

        // then two records, each of its own type, saying where they came from
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        assertThat(uploaded.json().isArray()).isTrue();
        assertThat(uploaded.json().size()).isEqualTo(2);
        Response list = api.get(token, "/api/v1/cases/" + caseId + "/records");
        assertThat(list.json().valueStream().map(r -> r.get("contentType").asString()).toList())
                .containsExactlyInAnyOrder("application/pdf", "application/dicom");
        assertThat(list.json().valueStream().map(r -> r.get("description").asString()).toList())
                .containsExactlyInAnyOrder("From cd.zip: REPORT/mri.pdf", "From cd.zip: DICOM/series.zip/IM0001");
        assertThat(list.json().valueStream().map(r -> r.get("category").asString()).distinct().toList())
                .containsExactly("IMAGING_STUDY");
        String pdf = list.json().valueStream().filter(r -> r.get("contentType").asString().equals("application/pdf"))
                .findFirst().orElseThrow().get("id").asString();
        assertThat(api.get(token, "/api/v1/cases/" + caseId + "/records/" + pdf + "/content").body())
                .isEqualTo(FileFixtures.pdf("MRI brain: enhancing lesion"));
    }

    @Test
    void an_archive_with_a_program_or_a_path_outside_it_stores_nothing_and_names_the_entry() {
        // when
        Response program = api.upload(token, "/api/v1/cases/" + caseId + "/records", "cd.zip",
                FileFixtures.zip(Map.of("report.pdf", FileFixtures.pdf("Report"), "viewer/setup.bin",
                        FileFixtures.elfExecutable())), Map.of("category", "IMAGING_STUDY"));
        Response traversal = api.upload(token, "/api/v1/cases/" + caseId + "/records", "cd.zip",
                FileFixtures.zip(Map.of("../../../etc/cron.d/x", "x".getBytes())), Map.of("category", "OTHER"));

        // then
        assertThat(program.status()).isEqualTo(400);
        assertThat(program.text()).contains("viewer/setup.bin");
        assertThat(traversal.status()).isEqualTo(400);
        assertThat(traversal.text()).contains("../../../etc/cron.d/x");
        assertThat(jdbc.sql("select count(*) from records_records where case_id = ?")
                .param(UUID.fromString(caseId)).query(Long.class).single()).isZero();
    }

    @Test
    void a_file_named_as_another_type_keeps_the_right_extension_and_says_what_it_was_sent_as() {
        // when a PNG is sent as a PDF, and a PDF under its own name
        Response png = api.upload(token, "/api/v1/cases/" + caseId + "/records", "scan.pdf", FileFixtures.png(),
                Map.of("category", "IMAGING_REPORT"));
        Response pdf = api.upload(token, "/api/v1/cases/" + caseId + "/records", "report.pdf",
                FileFixtures.pdf("Report"), Map.of("category", "PATHOLOGY_REPORT"));

        // then
        assertThat(png.json().get("filename").asString()).isEqualTo("scan.png");
        assertThat(png.json().get("namedAs").asString()).isEqualTo("scan.pdf");
        assertThat(pdf.json().get("namedAs").isNull()).isTrue();
        Response list = api.get(token, "/api/v1/cases/" + caseId + "/records");
        assertThat(list.json().valueStream().filter(r -> r.get("filename").asString().equals("scan.png"))
                .findFirst().orElseThrow().get("namedAs").asString()).isEqualTo("scan.pdf");
    }
}
