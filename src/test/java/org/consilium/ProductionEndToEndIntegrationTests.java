package org.consilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.consilium.ApiClient.Response;
import org.consilium.identity.AuthenticatorApp;
import org.consilium.mail.internal.MailDelivery;
import org.consilium.shared.Sha256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The service as a clinic would run it on the day it is installed: the production profile, no demo data, its own keys,
 * mail over SMTP. An administrator made from the command line invites a coordinator and a specialist by e-mail; each
 * chooses a password and sets up an authenticator app; a patient registers and confirms their address, opens a case
 * and lets their doctor in; the case runs to an opinion signed after a step-up; and the patient sees the doctor's visit
 * in the access log. Its own application context (the production profile), on the JVM's embedded PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.profiles.active=production",
        "consilium.db.ephemeral=true",
        "consilium.public-base-url=https://consilium.example.org",
        "consilium.purges.enabled=false",
        "spring.modulith.republish-outstanding-events-on-restart=false"})
class ProductionEndToEndIntegrationTests {

    private static final Pattern LINK = Pattern.compile("https://consilium\\.example\\.org(/\\S+)");
    private static final Pattern KEY = Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7 ]+)<");
    private static final Path DATA_DIR = Path.of("target", "test-data", "production-" + UUID.randomUUID());
    private static final String MASTER_KEY;
    private static final String SIGNING_KEY;
    private static final GreenMail SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        MASTER_KEY = Base64.getEncoder().encodeToString(master);
        try {
            SIGNING_KEY = Base64.getEncoder().encodeToString(KeyPairGenerator.getInstance("Ed25519")
                    .generateKeyPair().getPrivate().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void production(DynamicPropertyRegistry registry) {
        SMTP.start();
        registry.add("consilium.data-dir", () -> DATA_DIR.toAbsolutePath().toString());
        registry.add("consilium.secrets.master-key", () -> MASTER_KEY);
        registry.add("consilium.secrets.signing-key", () -> SIGNING_KEY);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stopMail() {
        SMTP.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    MailDelivery delivery;

    @Autowired
    JdbcClient jdbc;

    @Test
    void from_admin_create_to_a_signed_opinion_the_patient_s_doctor_reads() throws Exception {
        ApiClient api = new ApiClient(port);

        // An administrator, made from the command line on the running app, chooses a password and sets up an app.
        Run created = adminCreate("ada@clinic.example.org", "Ada Admin");
        assertThat(created.exit()).as(created.err()).isZero();
        Matcher link = LINK.matcher(created.out());
        assertThat(link.find()).as(created.out()).isTrue();
        Staff admin = joins(api, "ada@clinic.example.org", link.group(1));

        // who adds a center, and invites a coordinator and a specialist of it by e-mail
        Response center = api.post(admin.token(), "/api/v1/admin/centers", Map.of("name", "Fjord Cancer Center",
                "city", "Bergen", "country", "NO", "timeZone", "Europe/Oslo", "specialties",
                List.of("MEDICAL_ONCOLOGY")));
        assertThat(center.status()).as("%s", center).isEqualTo(201);
        Response coordinatorInvited = api.post(admin.token(), "/api/v1/admin/invitations", Map.of(
                "email", "cora@clinic.example.org", "displayName", "Cora Coordinator", "role", "COORDINATOR"));
        Response specialistInvited = api.post(admin.token(), "/api/v1/admin/specialist-invitations", Map.of(
                "email", "dr.sol@clinic.example.org", "displayName", "Dr. Sol Specialist",
                "centerId", center.json().get("id").asString(), "title", "Medical oncologist",
                "specialties", List.of("MEDICAL_ONCOLOGY"), "languages", "en, no"));
        assertThat(coordinatorInvited.status()).as("%s", coordinatorInvited).isEqualTo(202);
        assertThat(specialistInvited.status()).as("%s", specialistInvited).isEqualTo(202);
        Staff coordinator = joins(api, "cora@clinic.example.org", pathOfLink("cora@clinic.example.org",
                "/account/reset/"));
        Staff specialist = joins(api, "dr.sol@clinic.example.org", pathOfLink("dr.sol@clinic.example.org",
                "/account/reset/"));

        // A patient registers and confirms their address by the mailed link.
        String patientEmail = "maren@patient.example.org";
        String patientPassword = "tidewater lantern okra";
        assertThat(api.post(null, "/api/v1/auth/register", Map.of("email", patientEmail, "displayName",
                "Maren Holm", "password", patientPassword, "acceptPrivacyNoticeAndTerms", true)).status())
                .isEqualTo(202);
        assertThat(api.post(null, "/api/v1/auth/verify-email", Map.of("token", secretOf(pathOfLink(patientEmail,
                "/account/verify/")), "password", patientPassword)).status()).isEqualTo(204);
        String patient = token(api, patientEmail, patientPassword, null);

        // who opens a case with a record, submits it, and lets her doctor in to read the opinion
        Response opened = api.post(patient, "/api/v1/cases", Map.of("diagnosis", "Non-small cell lung cancer",
                "specialty", "MEDICAL_ONCOLOGY", "questions", List.of(
                        Map.of("kind", "TREATMENT_OPTIONS", "text", "Is surgery an option?"))));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        String caseId = opened.json().get("id").asString();
        String base = "/api/v1/cases/" + caseId;
        assertThat(api.upload(patient, base + "/records", "ct-report.pdf", FileFixtures.pdf("CT report"),
                Map.of("category", "IMAGING_REPORT")).status()).isEqualTo(201);
        assertThat(api.post(patient, base + "/submit", null).status()).isEqualTo(200);
        String doctorEmail = "dr.lie@gp.example.org";
        assertThat(api.post(patient, base + "/delegates", Map.of("email", doctorEmail, "displayName",
                "Dr. Anders Lie", "kind", "REFERRING_PHYSICIAN", "rights", List.of("read-report"))).status())
                .isEqualTo(201);
        String doctorPassword = "granite meadow falcon";
        assertThat(api.post(null, "/api/v1/auth/password-reset/confirm", Map.of("token",
                secretOf(pathOfLink(doctorEmail, "/account/reset/")), "newPassword", doctorPassword)).status())
                .isEqualTo(204);
        String doctor = token(api, doctorEmail, doctorPassword, null);

        // The coordinator triages the case, completes its records and offers it to the specialist.
        assertThat(api.post(coordinator.token(), base + "/triage", Map.of("decision", "ACCEPT")).status())
                .isEqualTo(200);
        api.waiveChecklist(coordinator.token(), caseId);
        assertThat(api.post(coordinator.token(), base + "/records-complete", null).status()).isEqualTo(200);
        JsonNode listed = api.get(coordinator.token(), "/api/v1/specialists?specialty=MEDICAL_ONCOLOGY").json();
        assertThat(listed.values()).hasSize(1);
        assertThat(api.post(coordinator.token(), base + "/offers", Map.of("specialistId",
                listed.get(0).get("id").asString())).status()).isEqualTo(200);

        // The specialist accepts and writes the opinion; signing an hour-old sign-in asks for a step-up first.
        assertThat(api.post(specialist.token(), base + "/accept", null).status()).isEqualTo(200);
        String questionId = opened.json().get("questions").get(0).get("id").asString();
        assertThat(api.put(specialist.token(), base + "/opinion", Map.of("diagnosisAssessment", "CONFIRMED",
                "planRecommendation", "AGREE", "answers", List.of(Map.of("questionId", questionId, "text",
                        "Surgery is an option after three cycles.")), "furtherTests", List.of(),
                "patientSummary", "Your diagnosis and plan are right."), null).status()).isEqualTo(200);
        jdbc.sql("update identity_access_tokens set authenticated_at = now() - interval '1 hour' where token_hash = ?")
                .param(Sha256.digest(specialist.token().getBytes(StandardCharsets.UTF_8))).update();
        Response tooOld = api.post(specialist.token(), base + "/opinion/sign", null);
        assertProblem(tooOld, 401);
        assertThat(tooOld.header("WWW-Authenticate")).get().asString()
                .contains("insufficient_user_authentication").contains("max_age=300");
        Response stepped = api.post(specialist.token(), "/api/v1/auth/step-up",
                Map.of("otp", specialist.app().code(1)));
        assertThat(stepped.status()).as("%s", stepped).isEqualTo(200);
        Response signed = api.post(stepped.json().get("access_token").asString(), base + "/opinion/sign", null);
        assertThat(signed.status()).as("%s", signed).isEqualTo(200);
        assertThat(signed.json().get("signature").get("authenticationMethod").asString()).isEqualTo("totp");

        // The patient's doctor reads the opinion, and the patient sees the doctor's visit in the access log.
        assertThat(api.get(doctor, base + "/opinion").status()).isEqualTo(200);
        Response log = api.get(patient, base + "/access-log");
        assertThat(log.json().values()).anySatisfy(visit -> {
            assertThat(visit.get("who").asString()).isEqualTo("Dr. Anders Lie");
            assertThat(visit.get("letIn").asBoolean()).isTrue();
        });
        // and nothing of the demo exists here
        assertThat(jdbc.sql("select count(*) from identity_accounts where email like '%@example.org'")
                .query(Integer.class).single()).isZero();
    }

    /** A staff member's API token and the app they set up. */
    record Staff(String token, AuthenticatorApp app) {
    }

    /**
     * A staff member accepts by their link: chooses a password, signs in in the browser (production sends them to
     * set up a second factor before anything else), sets up an authenticator app, and gets an API token with a code.
     */
    private Staff joins(ApiClient api, String email, String linkPath) {
        String password = "staff " + email.substring(0, email.indexOf('@')) + " orchard";
        Response chosen = api.post(null, "/api/v1/auth/password-reset/confirm", Map.of("token", secretOf(linkPath),
                "newPassword", password));
        assertThat(chosen.status()).as("%s", chosen).isEqualTo(204);
        Response refused = api.signIn(email, password);
        assertProblem(refused, 403);
        assertThat(refused.json().get("type").asString()).endsWith(":second-factor-enrolment-required");
        BrowserForms browser = new BrowserForms(port);
        browser.signIn(email, password);
        assertThat(browser.get("/cases").headers().firstValue("Location")).get().asString().endsWith("/account");
        Matcher key = KEY.matcher(browser.post("/account", "/account/second-factor", Map.of()).body());
        assertThat(key.find()).isTrue();
        AuthenticatorApp app = new AuthenticatorApp(key.group(1));
        HttpResponse<String> confirmed = browser.post("/account", "/account/second-factor/confirm",
                Map.of("code", app.code(-1)));
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        return new Staff(token(api, email, password, app.code(0)), app);
    }

    private static String token(ApiClient api, String email, String password, String otp) {
        Response issued = api.post(null, "/api/v1/auth/token", otp == null
                ? Map.of("username", email, "password", password)
                : Map.of("username", email, "password", password, "otp", otp));
        assertThat(issued.status()).as("%s", issued).isEqualTo(200);
        return issued.json().get("access_token").asString();
    }

    /** The path of the link with this fragment in the newest mail to the address, once delivered over SMTP. */
    private String pathOfLink(String address, String fragment) throws Exception {
        delivery.deliverDue();
        SMTP.waitForIncomingEmail(5_000, 1);
        List<MimeMessage> theirs = new ArrayList<>();
        for (MimeMessage message : SMTP.getReceivedMessages()) {
            if (Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(to -> to.toString().contains(address))) {
                theirs.add(message);
            }
        }
        assertThat(theirs).as("mails to " + address).isNotEmpty();
        Matcher link = LINK.matcher(GreenMailUtil.getBody(theirs.getLast()).replace("=\r\n", ""));
        while (link.find()) {
            if (link.group(1).contains(fragment)) {
                return link.group(1);
            }
        }
        throw new AssertionError("no link with " + fragment + " in the newest mail to " + address);
    }

    private static String secretOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    record Run(int exit, String out, String err) {
    }

    /** {@code ./consilium admin create} as the launcher runs it: another JVM, on this app's data directory. */
    private static Run adminCreate(String email, String name) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ConsiliumApplication.class.getName(), "admin", "create",
                email, name);
        builder.environment().putAll(Map.of("CONSILIUM_DATA_DIR", DATA_DIR.toAbsolutePath().toString(),
                "SPRING_PROFILES_ACTIVE", "production", "CONSILIUM_SECRETS_MASTER_KEY", MASTER_KEY,
                "CONSILIUM_SECRETS_SIGNING_KEY", SIGNING_KEY,
                "CONSILIUM_PUBLIC_BASE_URL", "https://consilium.example.org"));
        Path out = Files.createTempFile("admin-create", ".out");
        Path err = Files.createTempFile("admin-create", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("admin create did not end");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
