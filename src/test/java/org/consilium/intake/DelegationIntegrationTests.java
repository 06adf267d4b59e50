package org.consilium.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.util.List;
import java.util.Map;
import org.consilium.ApiClient;
import org.consilium.Authentications;
import org.consilium.ApiClient.Response;
import org.consilium.FileFixtures;
import org.consilium.IntegrationTest;
import org.consilium.Mailbox;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.Registration;
import org.consilium.shared.CaseId;
import org.consilium.web.LoopCases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A patient lets their doctor or a caregiver into a case, by e-mail, with rights they choose; the delegate does what
 * those allow and nothing more, the patient's access log shows their visits, and a revocation counts at once.
 */
@IntegrationTest
class DelegationIntegrationTests {

    private static final String PASSWORD = "lagoon cobalt meridian";

    @LocalServerPort
    int port;

    @Autowired
    Mailbox mailbox;

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
    void a_doctor_invited_by_e_mail_sets_a_password_reads_what_they_may_and_the_patient_sees_the_visit() {
        // given a delivered opinion on the patient's case, with a record
        CaseId id = loop.signed(true);
        String patient = api.token(LoopCases.PATIENT);
        String doctorEmail = "dr-rivera-" + System.nanoTime() + "@example.org";

        // when the patient lets their doctor in to read the opinion, and the doctor accepts by the mailed link
        Response invited = api.post(patient, "/api/v1/cases/" + id + "/delegates", Map.of("email", doctorEmail,
                "displayName", "Dr. Ana Rivera", "kind", "REFERRING_PHYSICIAN", "rights", List.of("read-report")));
        assertThat(invited.status()).as("%s", invited).isEqualTo(201);
        assertThat(mailbox.newestTo(doctorEmail).text()).contains("Maria Santos invited you, as their doctor")
                .doesNotContain("lung").doesNotContain("C34");
        // The demo patient gets such a mail from other tests too, delivered in any order: this one is among them.
        assertThat(mailbox.to(LoopCases.PATIENT)).filteredOn(m -> m.text().contains(doctorEmail)).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("You let Dr. Ana Rivera (" + doctorEmail
                        + ") follow one of your cases").doesNotContain("lung"));
        Response accepted = api.post(null, "/api/v1/auth/password-reset/confirm", Map.of("token",
                mailbox.secretOf(doctorEmail, "/account/reset/"), "newPassword", PASSWORD));
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(204);
        String doctor = signIn(doctorEmail);
        String recordId = api.get(doctor, "/api/v1/cases/" + id + "/records").json().get(0)
                .get("id").asString();

        // then the doctor reads the case, its records and the opinion, and nothing more
        assertThat(invited.json().get("kind").asString()).isEqualTo("REFERRING_PHYSICIAN");
        assertThat(invited.json().get("rights").values()).extracting(r -> r.asString())
                .containsExactly("view", "read-report");
        Response read = api.get(doctor, "/api/v1/cases/" + id);
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.json().get("allowedActions").toString()).contains("readOpinion").doesNotContain("withdraw")
                .doesNotContain("uploadRecord").doesNotContain("inviteDelegate");
        assertThat(api.get(doctor, "/api/v1/cases/" + id + "/records/" + recordId + "/content").status())
                .isEqualTo(200);
        assertThat(api.get(doctor, "/api/v1/cases/" + id + "/opinion").status()).isEqualTo(200);
        assertProblem(api.post(doctor, "/api/v1/cases/" + id + "/withdraw", Map.of()), 403);
        assertProblem(api.get(doctor, "/api/v1/cases/" + id + "/delegates"), 403);
        assertProblem(api.get(doctor, "/api/v1/cases/" + id + "/access-log"), 403);
        // and the patient's access log shows the doctor's visit, as someone they let in
        Response log = api.get(patient, "/api/v1/cases/" + id + "/access-log");
        assertThat(log.json().values()).anySatisfy(visit -> {
            assertThat(visit.get("who").asString()).isEqualTo("Dr. Ana Rivera");
            assertThat(visit.get("role").asString()).isEqualTo("REFERRING_PHYSICIAN");
            assertThat(visit.get("letIn").asBoolean()).isTrue();
        });
    }

    @Test
    void in_the_browser_an_old_sign_in_confirms_first_and_the_invitation_comes_back_as_typed() {
        // given the patient's browser, whose sign-in no longer proves anything
        CaseId id = loop.submitted(false);
        org.consilium.BrowserForms browser = new org.consilium.BrowserForms(port);
        browser.signIn(LoopCases.PATIENT, ApiClient.DEMO_PASSWORD);
        authentications.forgetBrowserProof(LoopCases.PATIENT);
        String people = "/cases/" + id + "/people";

        // when she sends an invitation, confirms who she is, and goes back
        String patientId = jdbc.sql("select id from identity_accounts where email = ?").param(LoopCases.PATIENT)
                .query(String.class).single();
        var sent = browser.post(people, people, Map.of("displayName", "Dr. Typed Kept", "email",
                "typed-kept@example.org", "kind", "REFERRING_PHYSICIAN", "rights", "read-report", "_for", patientId));
        var confirmed = browser.post("/account/confirm", "/account/confirm",
                Map.of("password", ApiClient.DEMO_PASSWORD));
        String page = browser.get(people).body();

        // then nothing was sent before she confirmed, and the form shows what she typed
        assertThat(sent.statusCode()).isEqualTo(303);
        assertThat(confirmed.headers().firstValue("Location")).get().asString().endsWith(people);
        assertThat(page).contains("value=\"Dr. Typed Kept\"").contains("value=\"typed-kept@example.org\"")
                .containsPattern("id=\"right-read-report\"[^>]*checked");
        assertThat(delegations(id)).isZero();
    }

    @Test
    void a_revocation_counts_from_the_delegate_s_next_request_and_is_on_the_trail() {
        // given a caregiver with an account of their own, let in to add records and withdraw
        CaseId id = loop.submitted(false);
        String patient = api.token(LoopCases.PATIENT);
        String caregiverEmail = account("carer");
        Response invited = api.post(patient, "/api/v1/cases/" + id + "/delegates", Map.of("email", caregiverEmail,
                "displayName", "Luis Santos", "kind", "CAREGIVER", "rights", List.of("upload-records", "withdraw")));
        String caregiver = signIn(caregiverEmail);

        // when the caregiver adds a record, then the patient ends their access
        Response uploaded = api.upload(caregiver, "/api/v1/cases/" + id + "/records", "labs.pdf",
                FileFixtures.pdf("Blood count"), Map.of("category", "LAB_RESULT"));
        Response revoked = api.post(patient, "/api/v1/cases/" + id + "/delegates/"
                + invited.json().get("id").asString() + "/revocation", null);
        Response again = api.post(patient, "/api/v1/cases/" + id + "/delegates/"
                + invited.json().get("id").asString() + "/revocation", null);

        // then the record is theirs, and from the revocation on the case is not there for them
        assertThat(invited.status()).as("%s", invited).isEqualTo(201);
        assertThat(mailbox.newestTo(caregiverEmail).text()).contains("Sign in to see it");
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        assertThat(uploaded.json().get("source").asString()).isEqualTo("DELEGATE_UPLOAD");
        assertThat(revoked.status()).isEqualTo(204);
        assertProblem(again, 404);
        assertProblem(api.get(caregiver, "/api/v1/cases/" + id), 404);
        assertThat(api.get(caregiver, "/api/v1/cases").text()).doesNotContain(id.toString());
        Response listed = api.get(patient, "/api/v1/cases/" + id + "/delegates");
        assertThat(listed.json().get(0).get("revokedAt").isNull()).isFalse();
        assertThat(jdbc.sql("select action from audit_entries where case_id = ? and action like 'Delegate%' "
                + "order by id").param(id.value()).query(String.class).list())
                .containsExactly("DelegateInvited", "DelegateRevoked");
    }

    @Test
    void a_delegate_with_the_right_withdraws_and_inviting_again_replaces_the_rights() {
        // given a caregiver let in to view only
        CaseId id = loop.submitted(false);
        String patient = api.token(LoopCases.PATIENT);
        String caregiverEmail = account("withdrawer");
        Map<String, Object> viewOnly = Map.of("email", caregiverEmail, "displayName", "Ines Santos",
                "kind", "CAREGIVER", "rights", List.of());
        api.post(patient, "/api/v1/cases/" + id + "/delegates", viewOnly);
        String caregiver = signIn(caregiverEmail);
        Response refused = api.post(caregiver, "/api/v1/cases/" + id + "/withdraw", Map.of());

        // when the patient invites them again, with the right to withdraw, and they withdraw
        api.post(patient, "/api/v1/cases/" + id + "/delegates", Map.of("email", caregiverEmail,
                "displayName", "Ines Santos", "kind", "CAREGIVER", "rights", List.of("withdraw")));
        Response withdrawn = api.post(caregiver, "/api/v1/cases/" + id + "/withdraw",
                Map.of("reason", "We chose a local team"));

        // then
        assertProblem(refused, 403);
        assertThat(withdrawn.status()).as("%s", withdrawn).isEqualTo(200);
        assertThat(withdrawn.json().get("status").asString()).isEqualTo("WITHDRAWN");
        List<String> live = api.get(patient, "/api/v1/cases/" + id + "/delegates").json().values().stream()
                .filter(d -> d.get("revokedAt").isNull()).map(d -> d.get("rights").toString()).toList();
        assertThat(live).containsExactly("[\"view\",\"withdraw\"]");
    }

    @Test
    void bad_invitations_are_refused_clearly_and_change_nothing() {
        // given
        CaseId id = loop.submitted(false);
        String patient = api.token(LoopCases.PATIENT);
        String path = "/api/v1/cases/" + id + "/delegates";
        int before = delegations(id);

        // when
        Response badEmail = api.post(patient, path, Map.of("email", "not an address", "displayName", "X",
                "kind", "CAREGIVER"));
        Response badRight = api.post(patient, path, Map.of("email", "x@example.org", "displayName", "X",
                "kind", "CAREGIVER", "rights", List.of("sign")));
        Response badKind = api.post(patient, path, Map.of("email", "x@example.org", "displayName", "X",
                "kind", "SPECIALIST"));
        Response self = api.post(patient, path, Map.of("email", LoopCases.PATIENT, "displayName", "Me",
                "kind", "CAREGIVER"));
        Response byCoordinator = api.post(api.token(LoopCases.COORDINATOR), path, Map.of("email", "x@example.org",
                "displayName", "X", "kind", "CAREGIVER"));
        Response byStranger = api.post(signIn(account("stranger")), path, Map.of("email", "x@example.org",
                "displayName", "X", "kind", "CAREGIVER"));
        Response unknownRevocation = api.post(patient, path + "/" + java.util.UUID.randomUUID() + "/revocation",
                null);
        Response malformedRevocation = api.post(patient, path + "/not-an-id/revocation", null);

        // then
        assertProblem(badEmail, 400);
        assertThat(badEmail.json().get("errors").get(0).get("field").asString()).isEqualTo("email");
        assertProblem(badRight, 400);
        assertThat(badRight.json().get("errors").get(0).get("field").asString()).isEqualTo("rights");
        assertProblem(badKind, 400);
        assertProblem(self, 400);
        assertProblem(byStranger, 404);
        assertProblem(unknownRevocation, 404);
        assertProblem(malformedRevocation, 404);
        assertThat(byCoordinator.status()).isIn(403, 404);
        assertThat(delegations(id)).isEqualTo(before);
    }

    @Test
    void inviting_the_care_team_reveals_nothing_and_changes_their_grant_nor_can_a_discarded_draft_be_shared() {
        // given a case in review, and a discarded draft
        CaseId inReview = loop.inReview(false);
        CaseId discarded = loop.draft(false);
        cases.discard(loop.scope(LoopCases.PATIENT), discarded);
        String patient = api.token(LoopCases.PATIENT);

        // when the patient invites the reviewing specialist's address, and anyone into the discarded draft
        Response specialist = api.post(patient, "/api/v1/cases/" + inReview + "/delegates", Map.of(
                "email", LoopCases.ONCOLOGIST, "displayName", "Dr. Marchetti", "kind", "REFERRING_PHYSICIAN"));
        Response intoDiscarded = api.post(patient, "/api/v1/cases/" + discarded + "/delegates", Map.of(
                "email", "x@example.org", "displayName", "X", "kind", "CAREGIVER"));

        // then the invitation is answered like any other, and the specialist still reviews the case
        assertThat(specialist.status()).as("%s", specialist).isEqualTo(201);
        assertProblem(intoDiscarded, 409);
        assertThat(jdbc.sql("select reason from identity_case_grants where case_id = ? and revoked_at is null "
                + "and account_id = (select id from identity_accounts where email = ?)")
                .params(inReview.value(), LoopCases.ONCOLOGIST).query(String.class).list()).containsExactly("ASSIGNED");
    }

    @Test
    void the_patient_s_own_doctor_is_not_offered_the_case_and_keeps_what_the_patient_gave() {
        // given a case ready for matching, into which the patient let the oncologist as their doctor
        CaseId id = loop.readyForMatching(false);
        Response invited = api.post(api.token(LoopCases.PATIENT), "/api/v1/cases/" + id + "/delegates", Map.of(
                "email", LoopCases.ONCOLOGIST, "displayName", "Dr. Marchetti", "kind", "REFERRING_PHYSICIAN",
                "rights", List.of("read-report")));
        String oncologistId = api.get(api.token(LoopCases.COORDINATOR),
                "/api/v1/specialists?specialty=MEDICAL_ONCOLOGY").json().values().stream()
                .filter(s -> s.get("name").asString().equals("Dr. Elena Marchetti")).findFirst().orElseThrow()
                .get("id").asString();

        // when the coordinator offers the case to the oncologist
        Response offered = api.post(api.token(LoopCases.COORDINATOR), "/api/v1/cases/" + id + "/offers",
                Map.of("specialistId", oncologistId));

        // then the offer is refused, and the oncologist stays the patient's delegate
        assertThat(invited.status()).isEqualTo(201);
        assertProblem(offered, 409);
        assertThat(offered.json().get("detail").asString()).contains("the patient let in");
        assertThat(jdbc.sql("select reason from identity_case_grants where case_id = ? and revoked_at is null "
                + "and account_id = (select id from identity_accounts where email = ?)")
                .params(id.value(), LoopCases.ONCOLOGIST).query(String.class).list()).containsExactly("DELEGATE");
    }

    @Test
    void a_patient_who_invited_as_many_as_a_day_allows_is_told_to_wait() {
        // given a patient who has used up the day's invitations but one
        String email = account("inviter");
        String patient = signIn(email);
        String caseId = api.post(patient, "/api/v1/cases", Map.of("diagnosis", "Glioma", "specialty", "NEUROSURGERY",
                "questions", List.of(Map.of("kind", "OTHER", "text", "Which surgeon?")))).json().get("id").asString();
        String account = jdbc.sql("select id from identity_accounts where email = ?").param(email)
                .query(String.class).single();
        // one counted the way the app counts, the rest written straight into that count
        assertThat(limiter.tryAcquire(CaseManagement.INVITATIONS_BUCKET, account, 100_000,
                java.time.Duration.ofDays(1))).isTrue();
        assertThat(jdbc.sql("update platform_rate_limits set hits = 99999 where bucket = ? and subject = ?")
                .params(CaseManagement.INVITATIONS_BUCKET, org.consilium.shared.Sha256.hex(account)).update()).isOne();

        // when they invite two more people
        Response last = api.post(patient, "/api/v1/cases/" + caseId + "/delegates", Map.of("email",
                "last-" + System.nanoTime() + "@example.org", "displayName", "Last One", "kind", "CAREGIVER"));
        Response tooMany = api.post(patient, "/api/v1/cases/" + caseId + "/delegates", Map.of("email",
                "more-" + System.nanoTime() + "@example.org", "displayName", "One More", "kind", "CAREGIVER"));

        // then the last one the day allows goes out, and the next waits, changing nothing
        assertThat(last.status()).as("%s", last).isEqualTo(201);
        assertProblem(tooMany, 429);
        assertThat(tooMany.json().get("type").asString()).endsWith(":too-many-invitations");
        assertThat(tooMany.header("Retry-After")).isPresent();
        assertThat(api.get(patient, "/api/v1/cases/" + caseId + "/delegates").json().values()).hasSize(1);
    }

    @Autowired
    org.consilium.platform.RateLimiter limiter;

    private int delegations(CaseId id) {
        return jdbc.sql("select count(*) from identity_delegations where case_id = ?").param(id.value())
                .query(Integer.class).single();
    }

    private String account(String name) {
        String email = name + "-" + System.nanoTime() + "@example.org";
        identity.registerVerified(Registration.patient(email, "Tess " + name, PASSWORD, true));
        return email;
    }

    private String signIn(String email) {
        Response signedIn = api.signIn(email, PASSWORD);
        assertThat(signedIn.status()).as("%s", signedIn).isEqualTo(200);
        return signedIn.json().get("access_token").asString();
    }
}
