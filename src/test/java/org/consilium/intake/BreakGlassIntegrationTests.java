package org.consilium.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.consilium.ApiClient;
import org.consilium.Authentications;
import org.consilium.ApiClient.Response;
import org.consilium.BrowserForms;
import org.consilium.IntegrationTest;
import org.consilium.shared.CaseId;
import org.consilium.web.LoopCases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Emergency access: a medical director opens a case outside their grants only with a reason, for an hour; the patient
 * sees it in their access log, the medical directors in their review; everyone else is refused, and audited.
 */
@IntegrationTest
class BreakGlassIntegrationTests {

    private static final String DIRECTOR = "director@example.org";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LoopCases loop;

    @Autowired
    Authentications authentications;

    ApiClient api;

    @BeforeEach
    void client() {
        api = ApiClient.behindProxy(port, ApiClient.randomAddress());
    }

    @Test
    void a_director_opens_a_case_with_a_reason_reads_it_and_the_patient_and_the_directors_see_why() {
        // given a case in review the medical director has no part in
        CaseId id = loop.inReview(true);
        String director = api.signIn(DIRECTOR, ApiClient.DEMO_PASSWORD).json().get("access_token").asString();
        Response before = api.get(director, "/api/v1/cases/" + id);

        // when they open it by emergency access, and read its records
        Response opened = api.post(director, "/api/v1/cases/" + id + "/break-glass",
                Map.of("reason", "Complaint from the patient's family about the delay"));
        String recordId = api.get(director, "/api/v1/cases/" + id + "/records").json().get(0).get("id").asString();
        Response content = api.get(director, "/api/v1/cases/" + id + "/records/" + recordId + "/content");

        // then the case was hidden before, and is theirs to read now, and to read only
        assertProblem(before, 404);
        assertThat(opened.status()).as("%s", opened).isEqualTo(200);
        assertThat(opened.json().get("allowedActions").toString()).isEqualTo("[\"readRecords\"]");
        assertThat(content.status()).isEqualTo(200);
        assertProblem(api.post(director, "/api/v1/cases/" + id + "/close", null), 403);
        // and the patient's access log says who opened it and why
        Response log = api.get(api.token(LoopCases.PATIENT), "/api/v1/cases/" + id + "/access-log");
        assertThat(log.json().values()).anySatisfy(visit -> {
            assertThat(visit.get("who").asString()).isEqualTo("Dr. Ingrid Halvorsen");
            assertThat(visit.get("emergency").asString())
                    .isEqualTo("Complaint from the patient's family about the delay");
        });
        // and the medical directors' review lists it, with the time it ends
        Response review = api.get(director, "/api/v1/break-glass");
        assertThat(review.json().get(0).get("caseId").asString()).isEqualTo(id.toString());
        assertThat(java.time.Duration.between(java.time.Instant.parse(review.json().get(0).get("openedAt").asString()),
                java.time.Instant.parse(review.json().get(0).get("expiresAt").asString())))
                .isEqualTo(java.time.Duration.ofMinutes(60));
        assertThat(jdbc.sql("select detail from audit_entries where action = 'BreakGlass' and case_id = ?")
                .param(id.value()).query(String.class).list())
                .containsExactly("Complaint from the patient's family about the delay");
    }

    @Test
    void the_access_ends_by_itself() {
        // given a case opened by emergency access
        CaseId id = loop.submitted(false);
        String director = api.signIn(DIRECTOR, ApiClient.DEMO_PASSWORD).json().get("access_token").asString();
        assertThat(api.post(director, "/api/v1/cases/" + id + "/break-glass", Map.of("reason", "Safety review"))
                .status()).isEqualTo(200);

        // when its hour is over
        jdbc.sql("update identity_case_grants set expires_at = now() - interval '1 second' where case_id = ? "
                + "and reason = 'BREAK_GLASS' and revoked_at is null").param(id.value()).update();

        // then the case is gone for them
        assertProblem(api.get(director, "/api/v1/cases/" + id), 404);
    }

    @Test
    void without_a_reason_by_another_role_on_an_old_sign_in_or_on_no_case_nothing_opens_and_it_is_audited() {
        // given
        CaseId id = loop.submitted(false);
        String director = api.signIn(DIRECTOR, ApiClient.DEMO_PASSWORD).json().get("access_token").asString();
        String path = "/api/v1/cases/" + id + "/break-glass";

        // when
        Response noReason = api.post(director, path, Map.of("reason", "  "));
        Response byCoordinator = api.post(api.token(LoopCases.COORDINATOR), path, Map.of("reason", "Curious"));
        Response onNoCase = api.post(api.token(LoopCases.COORDINATOR), "/api/v1/cases/" + UUID.randomUUID()
                + "/break-glass", Map.of("reason", "Curious"));
        Response noSuchCase = api.post(director, "/api/v1/cases/" + UUID.randomUUID() + "/break-glass",
                Map.of("reason", "Checking"));
        String old = api.signIn(DIRECTOR, ApiClient.DEMO_PASSWORD).json().get("access_token").asString();
        authentications.authenticatedMinutesAgo(old, 6);
        Response stale = api.post(old, path, Map.of("reason", "Safety review"));

        // then
        assertProblem(noReason, 400);
        assertThat(noReason.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");
        assertProblem(byCoordinator, 403);
        assertProblem(onNoCase, 403);
        assertThat(onNoCase.json().get("detail")).isEqualTo(byCoordinator.json().get("detail"));
        assertProblem(noSuchCase, 404);
        assertProblem(stale, 401);
        assertThat(stale.json().get("type").asString()).endsWith(":step-up-required");
        assertThat(jdbc.sql("select count(*) from identity_case_grants where case_id = ? and reason = 'BREAK_GLASS'")
                .param(id.value()).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select rule from audit_entries where action = 'AccessDenied' and case_id = ? "
                + "and detail = 'break glass' order by id").param(id.value()).query(String.class).list())
                .contains("no reason given", "only a medical director or an administrator can open a case by "
                        + "emergency access");
    }

    @Test
    void in_the_browser_a_director_opens_a_case_by_its_reference_and_lands_on_it() {
        // given
        CaseId id = loop.submitted(false);
        String reference = jdbc.sql("select reference from intake_cases where id = ?").param(id.value())
                .query(String.class).single();
        BrowserForms browser = new BrowserForms(port);
        browser.signIn(DIRECTOR, ApiClient.DEMO_PASSWORD);

        // when
        HttpResponse<String> unknown = browser.post("/break-glass", "/break-glass", Map.of("reference",
                "C-1999-000001", "reason", "Safety review"));
        HttpResponse<String> opened = browser.post("/break-glass", "/break-glass", Map.of("reference",
                reference.toLowerCase(java.util.Locale.ROOT), "reason", "Safety review of a delayed case"));

        // then
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).contains("No case has this reference");
        assertThat(opened.statusCode()).isEqualTo(302);
        assertThat(opened.headers().firstValue("Location").orElseThrow()).endsWith("/cases/" + id);
        assertThat(browser.get("/break-glass").body()).contains("Safety review of a delayed case")
                .contains(reference);
    }

}
