package org.consilium.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.BrowserForms;
import org.consilium.FileFixtures;
import org.consilium.IntegrationTest;
import org.consilium.SlowWorkWatch;
import org.consilium.SlowWorkWatch.Work;
import org.consilium.records.internal.EncryptedBlobs;
import org.consilium.records.internal.UploadSlots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The limits on uploads: how many one account may have under way at once (3), and how many bytes a case may hold
 * (20 GB), with nothing stored when either is reached; and no database connection held while an upload's bytes
 * arrive. Every test uses a patient and a case of its own.
 */
@IntegrationTest
class UploadLimitsIntegrationTests {

    private static final byte[] TWO_MEGABYTES_OF_TEXT = "Haemoglobin 13.5 g/dL, within range.\n"
            .repeat(2 * 1024 * 1024 / 37).getBytes(StandardCharsets.UTF_8);

    @LocalServerPort
    int port;

    @Autowired
    org.consilium.Mailbox mailbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    UploadSlots slots;

    @Autowired
    EncryptedBlobs encryptedBlobs;

    @Autowired
    Clock clock;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void a_fourth_upload_at_once_is_refused_unread_while_slow_ones_hold_no_connection() throws Exception {
        // given three uploads of one patient whose clients send half their bytes and then stall
        Patient patient = patientWithCase();
        List<SlowUpload> stalled = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stalled.add(SlowUpload.start(port, patient, TWO_MEGABYTES_OF_TEXT));
        }
        awaitSlots(patient, 3);

        // when a fourth comes, and meanwhile others use the app
        Response fourth = api.upload(patient.token(), "/api/v1/cases/" + patient.caseId() + "/records", "a.pdf",
                FileFixtures.pdf("Fourth"), Map.of("category", "LAB_RESULT"));
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        int mostActive = 0;
        List<Long> others = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            mostActive = Math.max(mostActive, pool.getHikariPoolMXBean().getActiveConnections());
            long started = System.nanoTime();
            assertThat(api.get(patient.token(), "/api/v1/cases/" + patient.caseId()).status()).isEqualTo(200);
            others.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
        }

        // then the fourth is a 429 with the time to wait, the stalled uploads hold no connection, everyone else is
        // answered at once, and the three finish as soon as their bytes are in
        assertThat(fourth.status()).as("%s", fourth).isEqualTo(429);
        assertThat(fourth.json().get("type").asString()).isEqualTo("urn:consilium:problem:too-many-uploads");
        assertThat(fourth.json().get("detail").asString()).contains("3 uploads under way");
        assertThat(fourth.header("Retry-After")).isPresent();
        assertThat(mostActive).as("connections in use while three uploads stall").isLessThanOrEqualTo(1);
        assertThat(others).allSatisfy(millis -> assertThat(millis).isLessThan(2_000));
        for (SlowUpload upload : stalled) {
            assertThat(upload.finish()).startsWith("HTTP/1.1 201");
        }
        assertThat(recordsOf(patient)).isEqualTo(3);
        assertThat(liveSlots(patient)).isZero();
        assertThat(api.upload(patient.token(), "/api/v1/cases/" + patient.caseId() + "/records", "b.pdf",
                FileFixtures.pdf("Fifth"), Map.of("category", "LAB_RESULT")).status()).isEqualTo(201);
    }

    @Test
    void an_upload_is_screened_encrypted_and_written_without_holding_a_database_connection() {
        // given
        Patient patient = patientWithCase();
        int screened = SlowWorkWatch.runs(Work.SCREENING);
        int encrypted = SlowWorkWatch.runs(Work.ENCRYPTION);
        int screenedHolding = SlowWorkWatch.runsHoldingAConnection(Work.SCREENING);
        int encryptedHolding = SlowWorkWatch.runsHoldingAConnection(Work.ENCRYPTION);

        // when a file is uploaded over the API and in the browser
        assertThat(api.upload(patient.token(), "/api/v1/cases/" + patient.caseId() + "/records", "a.pdf",
                FileFixtures.pdf("Screened"), Map.of("category", "LAB_RESULT")).status()).isEqualTo(201);
        BrowserForms browser = new BrowserForms(port);
        browser.signIn(patient.email(), PASSWORD);
        String page = "/cases/" + patient.caseId();
        assertThat(browser.upload(page, page + "/records", "b.pdf", FileFixtures.pdf("Screened too"),
                Map.of("category", "LAB_RESULT")).statusCode()).isEqualTo(302);

        // then both were screened and encrypted, and neither with a connection held
        assertThat(recordsOf(patient)).isEqualTo(2);
        assertThat(SlowWorkWatch.runs(Work.SCREENING) - screened).isEqualTo(2);
        assertThat(SlowWorkWatch.runs(Work.ENCRYPTION) - encrypted).isEqualTo(2);
        assertThat(SlowWorkWatch.runsHoldingAConnection(Work.SCREENING) - screenedHolding).isZero();
        assertThat(SlowWorkWatch.runsHoldingAConnection(Work.ENCRYPTION) - encryptedHolding).isZero();
    }

    @Test
    void a_form_too_large_to_send_is_answered_in_words_about_the_form_too_and_stores_nothing() {
        // given a patient whose new-case form carries 3 MB of text, past what the server reads of a form
        Patient patient = patientWithCase();
        BrowserForms browser = new BrowserForms(port);
        browser.signIn(patient.email(), PASSWORD);
        long cases = jdbc.sql("select count(*) from intake_cases where patient_id = ?")
                .param(patient.accountId()).query(Long.class).single();

        // when
        var answer = browser.post("/cases/new", "/cases", Map.of("diagnosis", "x".repeat(3_000_000),
                "specialty", "NEUROSURGERY", "questions[0].kind", "TREATMENT_OPTIONS", "questions[0].text", "Why?"));

        // then
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("That was too large to send").contains("a form").contains("Nothing was stored")
                .doesNotContain("That file is too large");
        assertThat(jdbc.sql("select count(*) from intake_cases where patient_id = ?")
                .param(patient.accountId()).query(Long.class).single()).isEqualTo(cases);
    }

    @Test
    void a_slot_left_by_a_crashed_upload_lapses_and_the_purge_deletes_it() {
        // given three slots that an instance took and never gave back, long ago, and one taken just now
        Patient patient = patientWithCase();
        Instant now = clock.instant();
        for (int i = 0; i < 3; i++) {
            insertSlot(patient, now.minus(RecordManagement.UPLOAD_SLOT_LEASE).minusSeconds(60), now.minusSeconds(60));
        }
        UUID live = insertSlot(patient, now, now.plus(RecordManagement.UPLOAD_SLOT_LEASE));

        // when
        Response upload = api.upload(patient.token(), "/api/v1/cases/" + patient.caseId() + "/records", "a.pdf",
                FileFixtures.pdf("After a crash"), Map.of("category", "LAB_RESULT"));
        int purged = slots.purge(now);

        // then the lapsed slots did not count, and only they were purged
        assertThat(upload.status()).as("%s", upload).isEqualTo(201);
        assertThat(purged).isGreaterThanOrEqualTo(3);
        assertThat(jdbc.sql("select id from records_upload_slots where account_id = ?").param(patient.accountId())
                .query(UUID.class).list()).containsExactly(live);
    }

    @Test
    void an_upload_that_would_take_a_case_over_its_storage_is_a_413_saying_what_it_holds_and_stores_nothing() {
        // given a case whose records already take all but 100 bytes of its 20 GB
        Patient patient = patientWithCase();
        long limit = 20L * 1024 * 1024 * 1024;
        insertRecord(patient, limit - 100);
        long blobs = jdbc.sql("select count(*) from records_blobs").query(Long.class).single();

        // when a file of a kilobyte or so comes
        Response upload = api.upload(patient.token(), "/api/v1/cases/" + patient.caseId() + "/records", "a.pdf",
                FileFixtures.pdf("One too many"), Map.of("category", "LAB_RESULT"));

        // then
        assertThat(upload.status()).as("%s", upload).isEqualTo(413);
        assertThat(upload.json().get("type").asString()).isEqualTo("urn:consilium:problem:case-storage-full");
        assertThat(upload.json().get("detail").asString())
                .contains("this case holds 20.0 GB of records", "its limit of 20 GB", "nothing was stored");
        assertThat(upload.json().get("heldBytes").asLong()).isEqualTo(limit - 100);
        assertThat(upload.json().get("limitBytes").asLong()).isEqualTo(limit);
        assertThat(recordsOf(patient)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from records_blobs").query(Long.class).single()).isEqualTo(blobs);
        assertThat(liveSlots(patient)).isZero();
    }

    @Test
    void in_the_browser_a_full_case_and_too_many_uploads_are_said_in_words_on_the_case_page() {
        // given a patient signed in in the browser, with a full case, and another with three uploads under way
        Patient patient = patientWithCase();
        insertRecord(patient, 20L * 1024 * 1024 * 1024 - 10);
        BrowserForms browser = new BrowserForms(port);
        assertThat(browser.signIn(patient.email(), PASSWORD)).endsWith("/cases");
        String page = "/cases/" + patient.caseId();

        // when a file is uploaded through the case page's form
        var full = browser.upload(page, page + "/records", "labs.pdf", FileFixtures.pdf("Too much"),
                Map.of("category", "LAB_RESULT"));
        String fullPage = browser.get(page).body();
        Instant now = clock.instant();
        for (int i = 0; i < 3; i++) {
            insertSlot(patient, now, now.plus(RecordManagement.UPLOAD_SLOT_LEASE));
        }
        browser.upload(page, page + "/records", "labs.pdf", FileFixtures.pdf("Too many"),
                Map.of("category", "LAB_RESULT"));
        String busyPage = browser.get(page).body();

        // then the page says why, and nothing was stored
        assertThat(full.statusCode()).isEqualTo(302);
        assertThat(fullPage).contains("This case holds 20.0 GB of records; with this file",
                "more than its limit of 20 GB; nothing was stored.");
        assertThat(busyPage).contains("You already have 3 uploads under way; wait until one of them ends, then "
                + "try again.");
        assertThat(recordsOf(patient)).isEqualTo(1);
    }

    @Test
    void a_file_that_just_fits_is_stored() {
        // given a case with 100 bytes left
        Patient patient = patientWithCase();
        byte[] pdf = FileFixtures.pdf("Just fits");
        insertRecord(patient, 20L * 1024 * 1024 * 1024 - pdf.length);

        // when
        Response upload = api.upload(patient.token(), "/api/v1/cases/" + patient.caseId() + "/records", "a.pdf",
                pdf, Map.of("category", "LAB_RESULT"));

        // then
        assertThat(upload.status()).as("%s", upload).isEqualTo(201);
    }

    @Test
    void sizes_read_as_people_read_them() {
        assertThat(RecordManagement.inWords(1)).isEqualTo("1 byte");
        assertThat(RecordManagement.inWords(1000)).isEqualTo("1000 bytes");
        assertThat(RecordManagement.inWords(1536)).isEqualTo("1.5 KB");
        assertThat(RecordManagement.inWords(50L * 1024 * 1024)).isEqualTo("50 MB");
        assertThat(RecordManagement.inWords(2L * 1024 * 1024 * 1024 - 100)).isEqualTo("2.0 GB");
        assertThat(RecordManagement.inWords(2L * 1024 * 1024 * 1024)).isEqualTo("2 GB");
    }

    private static final String PASSWORD = "the-uploader-s-password";

    record Patient(UUID accountId, String email, String token, String caseId) {
    }

    private Patient patientWithCase() {
        String email = "uploader-" + UUID.randomUUID() + "@example.org";
        api.post(null, "/api/v1/auth/register", Map.of("email", email, "displayName", "Up Loader", "password",
                PASSWORD, "acceptPrivacyNoticeAndTerms", true));
        mailbox.confirm(api, email, PASSWORD);
        Response signedIn = api.signIn(email, PASSWORD);
        String token = signedIn.json().get("access_token").asString();
        Response opened = api.post(token, "/api/v1/cases", Map.of("diagnosis", "Upload limits",
                "specialty", "MEDICAL_ONCOLOGY", "questions", List.of(Map.of("kind", "OTHER", "text", "Room?"))));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        UUID account = jdbc.sql("select id from identity_accounts where email = ?").param(email).query(UUID.class)
                .single();
        return new Patient(account, email, token, opened.json().get("id").asString());
    }

    /**
     * A record claiming {@code size} bytes, without storing them: its blob holds one byte under a real data key, so
     * the blob is whole for everything that reads only keys (a master key rotation), and only its size is made up.
     */
    private void insertRecord(Patient patient, long size) {
        EncryptedBlobs.PreparedBlob prepared = encryptedBlobs.prepare(new byte[1], "0".repeat(64));
        UUID blob = prepared.id();
        jdbc.sql("""
                insert into records_blobs (id, key_version, wrapped_key, key_nonce, size, sha256, storage_key,
                                           created_at)
                values (?, ?, ?, ?, ?, ?, ?, now())""")
                .params(blob, prepared.keyVersion(), prepared.wrappedKey(), prepared.keyNonce(), size,
                        "0".repeat(64), prepared.storageKey()).update();
        jdbc.sql("""
                insert into records_records (id, case_id, category, source, filename, content_type, size, sha256,
                    uploaded_by, uploaded_at, blob_id)
                values (?, ?, 'IMAGING_STUDY', 'PATIENT_UPLOAD', 'study.zip', 'application/zip', ?, ?, ?, now(), ?)""")
                .params(UUID.randomUUID(), UUID.fromString(patient.caseId()), size, "0".repeat(64),
                        patient.accountId(), blob).update();
    }

    private UUID insertSlot(Patient patient, Instant startedAt, Instant expiresAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into records_upload_slots (id, account_id, started_at, expires_at) values (?, ?, ?, ?)")
                .params(id, patient.accountId(), Timestamp.from(startedAt), Timestamp.from(expiresAt)).update();
        return id;
    }

    private long recordsOf(Patient patient) {
        return jdbc.sql("select count(*) from records_records where case_id = ?")
                .param(UUID.fromString(patient.caseId())).query(Long.class).single();
    }

    private long liveSlots(Patient patient) {
        return jdbc.sql("select count(*) from records_upload_slots where account_id = ? and expires_at > now()")
                .param(patient.accountId()).query(Long.class).single();
    }

    private void awaitSlots(Patient patient, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (liveSlots(patient) < count) {
            assertThat(System.nanoTime()).as("%d upload slots taken in time", count).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** An upload over a plain socket whose client sends the first half of its body and stalls until told to go on. */
    static final class SlowUpload {

        private final Socket socket;
        private final byte[] rest;

        private SlowUpload(Socket socket, byte[] rest) {
            this.socket = socket;
            this.rest = rest;
        }

        static SlowUpload start(int port, Patient patient, byte[] content) {
            String boundary = "slow-" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\n"
                    + "LAB_RESULT\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                    + "filename=\"labs.txt\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            byte[] bytes = body.toByteArray();
            String head = "POST /api/v1/cases/" + patient.caseId() + "/records HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nAuthorization: Bearer " + patient.token() + "\r\nContent-Type: multipart/form-data; "
                    + "boundary=" + boundary + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
            try {
                Socket socket = new Socket("localhost", port);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                return new SlowUpload(socket, java.util.Arrays.copyOfRange(bytes, bytes.length / 2, bytes.length));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Sends the rest and answers the response's text. */
        String finish() {
            try (socket) {
                socket.getOutputStream().write(rest);
                socket.getOutputStream().flush();
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
