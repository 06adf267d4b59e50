package org.consilium.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.consilium.ApiClient;
import org.consilium.Authentications;
import org.consilium.ApiClient.Response;
import org.consilium.BrowserForms;
import org.consilium.IntegrationTest;
import org.consilium.identity.Delegations;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.Registration;
import org.consilium.intake.CaseManagement;
import org.consilium.shared.CaseId;
import org.consilium.shared.Sha256;
import org.consilium.web.LoopCases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The right of access: a person's data as one zip whose manifest checks every file; only their own cases; a recent
 * authentication needed; audited.
 */
@IntegrationTest
class DataExportIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "harbour violet compass";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LoopCases loop;

    @Autowired
    Authentications authentications;

    @Autowired
    CaseManagement cases;

    @Autowired
    IdentityManagement identity;

    ApiClient api;

    @BeforeEach
    void client() {
        api = ApiClient.behindProxy(port, ApiClient.randomAddress());
    }

    @Test
    void the_zip_holds_the_patient_s_cases_records_and_opinion_and_its_manifest_checks_every_file() throws IOException {
        // given the patient's case with a signed opinion and a record
        CaseId id = loop.signed(true);
        String reference = jdbc.sql("select reference from intake_cases where id = ?").param(id.value())
                .query(String.class).single();
        String token = api.signIn(LoopCases.PATIENT, ApiClient.DEMO_PASSWORD).json().get("access_token").asString();
        // and a draft with a record they voided, whose content is no longer served to them
        CaseId draft = loop.draft(false);
        String draftReference = jdbc.sql("select reference from intake_cases where id = ?").param(draft.value())
                .query(String.class).single();
        String wrong = api.upload(token, "/api/v1/cases/" + draft + "/records", "someone-else.pdf",
                org.consilium.FileFixtures.pdf("Another patient's report"), Map.of("category", "OTHER"))
                .json().get("id").asString();
        assertThat(api.post(token, "/api/v1/cases/" + draft + "/records/" + wrong + "/void",
                Map.of("reason", "Another patient's report")).status()).isEqualTo(200);

        // when they download their data
        Response export = api.get(token, "/api/v1/me/export");

        // then it is a zip whose manifest lists every other file, each with its size and SHA-256
        assertThat(export.status()).as("%s", export).isEqualTo(200);
        assertThat(export.contentType()).startsWith("application/zip");
        assertThat(export.header("Content-Disposition")).get().asString().contains("attachment")
                .contains("consilium-data-");
        Map<String, byte[]> files = unzip(export.body());
        JsonNode draftRecords = JSON.readTree(files.get("cases/" + draftReference + "/records.json"));
        assertThat(draftRecords.valueStream().filter(r -> r.get("filename").asString().equals("someone-else.pdf"))
                .findFirst().orElseThrow().get("contentNotIncluded").asString()).isEqualTo("voided");
        assertThat(files.keySet()).noneMatch(name -> name.endsWith("someone-else.pdf"));
        JsonNode manifest = JSON.readTree(files.get("manifest.json"));
        assertThat(manifest.get("format").asString()).isEqualTo(DataExport.FORMAT);
        assertThat(manifest.get("account").asString()).isEqualTo(LoopCases.PATIENT);
        assertThat(manifest.get("files").values()).hasSize(files.size() - 1).allSatisfy(file -> {
            byte[] content = files.get(file.get("path").asString());
            assertThat(content).as(file.get("path").asString()).isNotNull();
            assertThat(file.get("bytes").asLong()).isEqualTo(content.length);
            assertThat(file.get("sha256").asString()).isEqualTo(HexFormat.of().formatHex(Sha256.digest(content)));
        });
        // and it holds the profile, the case, its questions, timeline, opinion with its signature, and the record
        // byte for byte as uploaded, under a name that is one harmless path segment
        assertThat(JSON.readTree(files.get("profile.json")).get("displayName").asString()).isEqualTo("Maria Santos");
        assertThat(new String(files.get("profile.json"))).doesNotContain("password").doesNotContain("argon");
        String folder = "cases/" + reference + "/";
        assertThat(JSON.readTree(files.get(folder + "case.json")).get("questions").values()).hasSize(2);
        assertThat(JSON.readTree(files.get(folder + "timeline.json")).values()).isNotEmpty();
        assertThat(JSON.readTree(files.get(folder + "opinion.json")).get("signature").get("authenticationMethod")
                .asString()).isEqualTo("password");
        JsonNode record = JSON.readTree(files.get(folder + "records.json")).get(0);
        byte[] content = files.get(record.get("file").asString());
        assertThat(HexFormat.of().formatHex(Sha256.digest(content))).isEqualTo(record.get("sha256").asString());
        assertThat(record.get("file").asString()).startsWith(folder + "records/01-").doesNotContain("..");
        assertThat(files).containsKey(folder + "access-log.json");
        assertThat(jdbc.sql("select count(*) from audit_entries where action = 'PersonalDataExported' and actor_id = "
                + "(select id from identity_accounts where email = ?)").param(LoopCases.PATIENT)
                .query(Integer.class).single()).isPositive();
    }

    @Test
    void a_caregiver_s_download_holds_their_own_data_not_the_cases_they_were_let_into() throws IOException {
        // given a caregiver let into the patient's case
        CaseId id = loop.submitted(false);
        String email = "carer-export-" + System.nanoTime() + "@example.org";
        identity.registerVerified(Registration.patient(email, "Carla Export", PASSWORD, true));
        cases.inviteDelegate(loop.signedIn(LoopCases.PATIENT), id, Delegations.Invitation.parse(email, "Carla Export",
                "CAREGIVER", List.of("read-report")));
        String token = api.signIn(email, PASSWORD).json().get("access_token").asString();
        assertThat(api.get(token, "/api/v1/cases/" + id).status()).isEqualTo(200);

        // when
        Map<String, byte[]> files = unzip(api.get(token, "/api/v1/me/export").body());

        // then
        assertThat(files.keySet()).containsExactlyInAnyOrder("profile.json", "manifest.json");
        assertThat(JSON.readTree(files.get("manifest.json")).get("cases").asInt()).isZero();
    }

    @Test
    void an_old_sign_in_must_step_up_first_in_the_api_and_in_the_browser() {
        // given
        String token = api.signIn(LoopCases.PATIENT, ApiClient.DEMO_PASSWORD).json().get("access_token").asString();
        authentications.authenticatedMinutesAgo(token, 6);
        BrowserForms browser = new BrowserForms(port);
        browser.signIn(LoopCases.PATIENT, ApiClient.DEMO_PASSWORD);
        HttpResponse<String> fresh = browser.post("/account", "/account/export", Map.of());
        authentications.forgetBrowserProof(LoopCases.PATIENT);

        // when
        Response stale = api.get(token, "/api/v1/me/export");
        HttpResponse<String> lapsed = browser.post("/account", "/account/export", Map.of());
        HttpResponse<String> prompt = browser.get("/account/confirm");

        // then
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.headers().firstValue("Content-Type")).get().asString().startsWith("application/zip");
        assertProblem(stale, 401);
        assertThat(stale.json().get("type").asString()).endsWith(":step-up-required");
        assertThat(lapsed.statusCode()).isEqualTo(303);
        assertThat(lapsed.headers().firstValue("Location")).get().asString().endsWith("/account/confirm");
        assertThat(prompt.body()).contains("Downloading all your data");
        // and once confirmed, back to the account page, where the button now downloads
        HttpResponse<String> confirmed = browser.post("/account/confirm", "/account/confirm",
                Map.of("password", ApiClient.DEMO_PASSWORD));
        assertThat(confirmed.headers().firstValue("Location")).get().asString().endsWith("/account");
        assertThat(browser.post("/account", "/account/export", Map.of()).headers().firstValue("Content-Type"))
                .get().asString().startsWith("application/zip");
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                assertThat(files).as("entries are unique").doesNotContainKey(entry.getName());
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
