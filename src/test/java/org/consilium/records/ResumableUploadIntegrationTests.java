package org.consilium.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.FileFixtures;
import org.consilium.IntegrationTest;
import org.consilium.platform.ConsiliumProperties;
import org.consilium.shared.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Resumable uploads over tus 1.0: creation, appending in pieces from where the upload is, checksums, a request cut
 * off mid-way and resumed, an app that lost its running hash, termination and expiry, and what the protocol and the
 * vault refuse. Every test uses a patient and a case of its own.
 */
@IntegrationTest
class ResumableUploadIntegrationTests {

    private static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    int port;

    @Autowired
    org.consilium.Mailbox mailbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ResumableUploads uploads;

    @Autowired
    ConsiliumProperties properties;

    @Autowired
    Clock clock;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void discovery_says_what_the_server_speaks_without_a_token() {
        // when
        Response options = api.send("OPTIONS", "/api/v1/uploads", null, Map.of(), BodyPublishers.noBody());

        // then
        assertThat(options.status()).isEqualTo(204);
        assertThat(options.header("Tus-Resumable")).contains("1.0.0");
        assertThat(options.header("Tus-Version")).contains("1.0.0");
        assertThat(options.header("Tus-Extension")).hasValueSatisfying(extensions -> assertThat(extensions.split(","))
                .contains("creation", "creation-with-upload", "termination", "checksum", "expiration"));
        assertThat(options.header("Tus-Max-Size")).contains(Long.toString(10L * 1024 * 1024 * 1024));
        assertThat(options.header("Tus-Checksum-Algorithm")).contains("sha256");
    }

    @Test
    void a_file_sent_in_pieces_across_segments_becomes_a_record_whose_bytes_read_back_and_rest_encrypted() throws Exception {
        // given a 2.5 MiB text file and an upload for it
        Patient patient = patientWithCase();
        byte[] content = text(2 * 1024 * 1024 + 512 * 1024);
        String location = create(patient, content.length, "LAB_RESULT", "blood counts.txt");

        // when it is sent in three pieces that cut across the 1 MiB segments, each with its checksum
        int[] cuts = {0, 700_000, 1_900_000, content.length};
        Response last = null;
        for (int i = 0; i < 3; i++) {
            byte[] piece = Arrays.copyOfRange(content, cuts[i], cuts[i + 1]);
            last = patch(patient, location, cuts[i], piece, checksum(piece));
            assertThat(last.status()).as("%s", last).isEqualTo(204);
            assertThat(last.header("Upload-Offset")).contains(Long.toString(cuts[i + 1]));
        }

        // then it is a record with the content's hash, whose bytes read back, and nothing on disk is the plaintext
        assertThat(last.header("Upload-State")).contains("stored");
        String recordId = last.header("Record-Id").orElseThrow();
        Response record = record(patient, recordId);
        assertThat(record.json().get("sha256").asString()).isEqualTo(Sha256.hex(content));
        assertThat(record.json().get("size").asLong()).isEqualTo(content.length);
        assertThat(record.json().get("filename").asString()).isEqualTo("blood counts.txt");
        assertThat(content(patient, recordId)).isEqualTo(content);
        assertThat(storedBytesOf(recordId)).doesNotContain(new String(content, 0, 64, StandardCharsets.ISO_8859_1));
        Response head = head(patient, location);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Upload-Offset")).contains(Long.toString(content.length));
        assertThat(head.header("Record-Id")).contains(recordId);
    }

    @Test
    void a_small_file_can_come_with_the_request_that_creates_its_upload() {
        // given
        Patient patient = patientWithCase();
        byte[] pdf = FileFixtures.pdf("Biopsy: invasive ductal carcinoma");

        // when
        Response created = api.send("POST", "/api/v1/uploads", patient.token(), tusHeaders(Map.of(
                "Upload-Length", Integer.toString(pdf.length),
                "Upload-Metadata", metadata(patient.caseId(), "PATHOLOGY_REPORT", "biopsy.pdf"),
                "Content-Type", "application/offset+octet-stream")), BodyPublishers.ofByteArray(pdf));

        // then
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.header("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/api/v1/uploads/"));
        assertThat(created.header("Upload-Offset")).contains(Integer.toString(pdf.length));
        assertThat(content(patient, created.header("Record-Id").orElseThrow())).isEqualTo(pdf);
    }

    @Test
    void a_request_cut_off_mid_way_keeps_what_came_and_the_upload_resumes_from_there() throws Exception {
        // given a 3 MiB file whose first request sends 1.5 MiB of the 3 it announces, then the connection dies
        Patient patient = patientWithCase();
        byte[] content = text(3 * 1024 * 1024);
        String location = create(patient, content.length, "CLINICAL_NOTE", "notes.txt");
        int sent = 1_500_000;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + location + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + patient.token() + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
                    + "Content-Type: application/offset+octet-stream\r\nContent-Length: " + content.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content, 0, sent);
            out.flush();
        }

        // when the client asks where it is (after the server saw the connection die) and sends the rest
        long offset = awaitOffset(patient, location, sent);
        Response rest = patch(patient, location, offset, Arrays.copyOfRange(content, (int) offset, content.length),
                null);

        // then every byte came through once
        assertThat(offset).isEqualTo(sent);
        assertThat(rest.status()).as("%s", rest).isEqualTo(204);
        String recordId = rest.header("Record-Id").orElseThrow();
        assertThat(content(patient, recordId)).isEqualTo(content);
        assertThat(record(patient, recordId).json().get("sha256").asString()).isEqualTo(Sha256.hex(content));
    }

    @Test
    void an_upload_resumed_after_its_running_hash_was_lost_is_hashed_again_from_the_vault() {
        // given half a file in, then the app forgets the running hash, as a restart or another instance does
        Patient patient = patientWithCase();
        byte[] content = text(1_300_000);
        String location = create(patient, content.length, "LAB_RESULT", "labs.txt");
        assertThat(patch(patient, location, 0, Arrays.copyOfRange(content, 0, 650_000), null).status())
                .isEqualTo(204);
        uploads.hashes.clear();

        // when the rest comes
        Response rest = patch(patient, location, 650_000, Arrays.copyOfRange(content, 650_000, content.length),
                null);

        // then the record still carries the hash of the whole content
        assertThat(rest.status()).as("%s", rest).isEqualTo(204);
        assertThat(record(patient, rest.header("Record-Id").orElseThrow()).json().get("sha256").asString())
                .isEqualTo(Sha256.hex(content));
    }

    @Test
    void a_wrong_offset_or_checksum_keeps_nothing_and_says_where_the_upload_is() {
        // given an upload with 1,000 bytes in
        Patient patient = patientWithCase();
        byte[] content = text(5_000);
        String location = create(patient, content.length, "LAB_RESULT", "labs.txt");
        assertThat(patch(patient, location, 0, Arrays.copyOfRange(content, 0, 1_000), null).status()).isEqualTo(204);

        // when a piece starts elsewhere, and another carries the checksum of other bytes
        Response misplaced = patch(patient, location, 2_000, Arrays.copyOfRange(content, 2_000, 3_000), null);
        byte[] piece = Arrays.copyOfRange(content, 1_000, 3_000);
        Response corrupted = patch(patient, location, 1_000, piece, checksum("other bytes".getBytes()));

        // then both are refused with the offset to resume from, and the upload still holds 1,000 bytes
        assertThat(misplaced.status()).isEqualTo(409);
        assertThat(misplaced.header("Upload-Offset")).contains("1000");
        assertThat(misplaced.json().get("type").asString()).isEqualTo("urn:consilium:problem:upload-offset-mismatch");
        assertThat(corrupted.status()).isEqualTo(460);
        assertThat(corrupted.header("Upload-Offset")).contains("1000");
        assertThat(head(patient, location).header("Upload-Offset")).contains("1000");
        Response rest = patch(patient, location, 1_000, Arrays.copyOfRange(content, 1_000, content.length),
                checksum(Arrays.copyOfRange(content, 1_000, content.length)));
        assertThat(content(patient, rest.header("Record-Id").orElseThrow())).isEqualTo(content);
    }

    @Test
    void a_program_is_refused_from_its_first_bytes_and_its_upload_ends() {
        // given an upload announced as a 2 MB PDF whose first bytes are a Linux program
        Patient patient = patientWithCase();
        byte[] elf = Arrays.copyOf(FileFixtures.elfExecutable(), 8_192);
        String location = create(patient, 2_000_000, "LAB_RESULT", "results.pdf");

        // when
        Response first = patch(patient, location, 0, elf, null);

        // then it is refused at once, and the upload takes nothing more
        assertThat(first.status()).as("%s", first).isEqualTo(400);
        assertThat(first.json().get("detail").asString()).contains("Linux executable");
        assertThat(api.get(patient.token(), location).json().get("state").asString()).isEqualTo("REFUSED");
        Response again = patch(patient, location, 0, elf, null);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("detail").asString()).contains("Linux executable");
        assertThat(recordsOf(patient)).isZero();
    }

    @Test
    void a_file_refused_once_complete_leaves_no_record_and_no_bytes() throws Exception {
        // given a file whose type is only known whole: a shell script that does not name its interpreter
        Patient patient = patientWithCase();
        byte[] script = "echo pwned; rm -rf ~\n".repeat(10).getBytes(StandardCharsets.US_ASCII);
        String location = create(patient, script.length, "CLINICAL_NOTE", "note.sh");

        // when
        Response sent = patch(patient, location, 0, script, null);

        // then
        assertThat(sent.status()).as("%s", sent).isEqualTo(400);
        assertThat(recordsOf(patient)).isZero();
        Response status = api.get(patient.token(), location);
        assertThat(status.json().get("state").asString()).isEqualTo("REFUSED");
        assertThat(status.json().get("refusal").asString()).isNotBlank();
        Response again = patch(patient, location, script.length, new byte[0], null);
        assertThat(again.status()).as("the last request sent again").isEqualTo(400);
        assertThat(again.json().get("detail").asString()).isEqualTo(sent.json().get("detail").asString());
        UUID blob = jdbc.sql("select blob_id from records_uploads where id = ?")
                .param(UUID.fromString(location.substring(location.lastIndexOf('/') + 1))).query(UUID.class)
                .single();
        assertThat(blobFiles(blob)).isEmpty();
    }

    @Test
    void what_the_protocol_and_the_vault_refuse_is_answered_with_what_to_fix() {
        // given
        Patient patient = patientWithCase();
        Patient stranger = patientWithCase();
        String meta = metadata(patient.caseId(), "LAB_RESULT", "a.pdf");

        // when
        Response empty = api.send("POST", "/api/v1/uploads", patient.token(),
                tusHeaders(Map.of("Upload-Length", "0", "Upload-Metadata", meta)), BodyPublishers.noBody());
        Response huge = api.send("POST", "/api/v1/uploads", patient.token(), tusHeaders(Map.of("Upload-Length",
                Long.toString(11L * 1024 * 1024 * 1024), "Upload-Metadata", meta)), BodyPublishers.noBody());
        Response othersCase = api.send("POST", "/api/v1/uploads", stranger.token(),
                tusHeaders(Map.of("Upload-Length", "10", "Upload-Metadata", meta)), BodyPublishers.noBody());
        Response noVersion = api.send("POST", "/api/v1/uploads", patient.token(),
                Map.of("Upload-Length", "10", "Upload-Metadata", meta), BodyPublishers.noBody());
        Response badMetadata = api.send("POST", "/api/v1/uploads", patient.token(),
                tusHeaders(Map.of("Upload-Length", "10", "Upload-Metadata", "caseId !!!")), BodyPublishers.noBody());
        Response noCategory = api.send("POST", "/api/v1/uploads", patient.token(), tusHeaders(Map.of(
                "Upload-Length", "10", "Upload-Metadata", "caseId " + b64(patient.caseId()) + ",filename "
                        + b64("a.pdf"))), BodyPublishers.noBody());
        String location = create(patient, 10, "LAB_RESULT", "a.txt");
        Response wrongType = api.send("PATCH", location, patient.token(), tusHeaders(Map.of("Upload-Offset", "0",
                "Content-Type", "application/octet-stream")), BodyPublishers.ofByteArray(new byte[10]));
        Response tooLong = patch(patient, location, 0, text(11), null);
        Response othersUpload = api.send("HEAD", location, stranger.token(), tusHeaders(Map.of()),
                BodyPublishers.noBody());

        // then
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.text()).contains("empty");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().get("type").asString()).isEqualTo("urn:consilium:problem:file-too-large");
        assertThat(othersCase.status()).isEqualTo(404);
        assertThat(noVersion.status()).isEqualTo(412);
        assertThat(noVersion.header("Tus-Version")).contains("1.0.0");
        assertThat(badMetadata.status()).isEqualTo(400);
        assertThat(noCategory.status()).isEqualTo(400);
        assertThat(noCategory.text()).contains("category");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(head(patient, location).header("Upload-Offset")).contains("0");
        assertThat(othersUpload.status()).isEqualTo(404);
        assertThat(recordsOf(patient)).isZero();
    }

    @Test
    void an_ended_upload_drops_its_bytes_and_an_abandoned_one_is_dropped_by_the_purge() throws Exception {
        // given two uploads with bytes in
        Patient patient = patientWithCase();
        String ended = create(patient, 2_000_000, "LAB_RESULT", "a.txt");
        String abandoned = create(patient, 2_000_000, "LAB_RESULT", "b.txt");
        assertThat(patch(patient, ended, 0, text(1_100_000), null).status()).isEqualTo(204);
        assertThat(patch(patient, abandoned, 0, text(1_100_000), null).status()).isEqualTo(204);
        Path uploadsFolder = properties.dataDir().resolve("blobs/uploads");
        UUID endedBlob = blobOf(ended);
        UUID abandonedBlob = blobOf(abandoned);
        assertThat(uploadsFolder.resolve(endedBlob.toString())).exists();

        // when the first is ended by its owner, and the second lies untouched past its expiry
        Response deleted = api.send("DELETE", ended, patient.token(), tusHeaders(Map.of()), BodyPublishers.noBody());
        jdbc.sql("update records_uploads set expires_at = now() - interval '1 minute' where blob_id = ?")
                .param(abandonedBlob).update();
        int purged = uploads.expire(clock.instant());

        // then both are gone, bytes and all
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(head(patient, ended).status()).isEqualTo(410);
        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(head(patient, abandoned).status()).isEqualTo(410);
        assertThat(patch(patient, abandoned, 1_100_000, text(10), null).status()).isEqualTo(410);
        assertThat(uploadsFolder.resolve(endedBlob.toString())).doesNotExist();
        assertThat(uploadsFolder.resolve(abandonedBlob.toString())).doesNotExist();
    }

    @Test
    void the_same_file_uploaded_twice_to_a_case_is_stored_once() throws Exception {
        // given
        Patient patient = patientWithCase();
        byte[] pdf = FileFixtures.pdf("The same report twice");
        String first = create(patient, pdf.length, "LAB_RESULT", "a.pdf");
        String second = create(patient, pdf.length, "LAB_RESULT", "b.pdf");

        // when
        String one = patch(patient, first, 0, pdf, null).header("Record-Id").orElseThrow();
        String two = patch(patient, second, 0, pdf, null).header("Record-Id").orElseThrow();

        // then two records, one blob, and the second upload's copy gone
        assertThat(one).isNotEqualTo(two);
        List<UUID> blobs = jdbc.sql("select blob_id from records_records where id in (?, ?)")
                .params(UUID.fromString(one), UUID.fromString(two)).query(UUID.class).list();
        assertThat(blobs).hasSize(2).containsOnly(blobs.getFirst());
        assertThat(blobFiles(blobOf(second))).isEmpty();
        assertThat(content(patient, two)).isEqualTo(pdf);
    }

    @Test
    void an_archive_sent_in_pieces_is_unpacked_into_its_files() throws Exception {
        // given
        Patient patient = patientWithCase();
        byte[] archive = FileFixtures.zip(Map.of("labs/cbc.pdf", FileFixtures.pdf("CBC"), "labs/lipids.pdf",
                FileFixtures.pdf("Lipids")));
        String location = create(patient, archive.length, "LAB_RESULT", "labs.zip");

        // when
        Response sent = patch(patient, location, 0, archive, checksum(archive));

        // then each file is a record, and the archive's own bytes are gone
        assertThat(sent.status()).as("%s", sent).isEqualTo(204);
        assertThat(sent.header("Upload-State")).contains("stored");
        assertThat(recordsOf(patient)).isEqualTo(2);
        assertThat(api.get(patient.token(), "/api/v1/cases/" + patient.caseId() + "/records").json().valueStream()
                .map(r -> r.get("description").asString()).toList())
                .containsExactlyInAnyOrder("From labs.zip: labs/cbc.pdf", "From labs.zip: labs/lipids.pdf");
        UUID blob = blobOf(location);
        assertThat(jdbc.sql("select count(*) from records_blobs where id = ?").param(blob).query(Long.class)
                .single()).isZero();
        assertThat(blobFiles(blob)).isEmpty();
    }

    @Test
    void a_store_that_cannot_take_the_bytes_keeps_none_of_them_and_the_upload_goes_on_once_it_can() throws Exception {
        // given an upload with bytes in, then its folder in the store made unusable (a file where it should be)
        Patient patient = patientWithCase();
        byte[] content = text(2_500_000);
        String location = create(patient, content.length, "LAB_RESULT", "labs.txt");
        assertThat(patch(patient, location, 0, Arrays.copyOfRange(content, 0, 1_200_000), null).status())
                .isEqualTo(204);
        Path folder = properties.dataDir().resolve("blobs/uploads");
        Path moved = folder.resolveSibling("uploads-away");
        Files.move(folder, moved);
        Files.writeString(folder, "not a folder");

        // when the next piece comes
        Response refused = patch(patient, location, 1_200_000, Arrays.copyOfRange(content, 1_200_000, 2_000_000),
                null);
        Response meanwhile = head(patient, location);
        Files.delete(folder);
        Files.move(moved, folder);
        Response rest = patch(patient, location, 1_200_000, Arrays.copyOfRange(content, 1_200_000, content.length),
                null);

        // then it is refused as a store failure to retry, nothing of it was kept, and afterwards the file completes
        assertThat(refused.status()).as("%s", refused).isEqualTo(503);
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:consilium:problem:storage-unavailable");
        assertThat(refused.header("Retry-After")).isPresent();
        assertThat(meanwhile.header("Upload-Offset")).contains("1200000");
        assertThat(rest.status()).as("%s", rest).isEqualTo(204);
        assertThat(content(patient, rest.header("Record-Id").orElseThrow())).isEqualTo(content);
    }

    // --- helpers

    record Patient(String email, String token, String caseId) {
    }

    private Patient patientWithCase() {
        String email = "tus-" + UUID.randomUUID() + "@example.org";
        api.post(null, "/api/v1/auth/register", Map.of("email", email, "displayName", "Res Umable", "password",
                PASSWORD, "acceptPrivacyNoticeAndTerms", true));
        mailbox.confirm(api, email, PASSWORD);
        String token = api.signIn(email, PASSWORD).json().get("access_token").asString();
        Response opened = api.post(token, "/api/v1/cases", Map.of("diagnosis", "Resumable uploads",
                "specialty", "MEDICAL_ONCOLOGY", "questions", List.of(Map.of("kind", "OTHER", "text", "Pieces?"))));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        return new Patient(email, token, opened.json().get("id").asString());
    }

    private String create(Patient patient, long length, String category, String filename) {
        Response created = api.send("POST", "/api/v1/uploads", patient.token(), tusHeaders(Map.of(
                "Upload-Length", Long.toString(length),
                "Upload-Metadata", metadata(patient.caseId(), category, filename))), BodyPublishers.noBody());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.header("Upload-Offset")).contains("0");
        assertThat(created.header("Upload-Expires")).isPresent();
        return created.header("Location").orElseThrow();
    }

    private Response patch(Patient patient, String location, long offset, byte[] piece, String checksum) {
        Map<String, String> headers = new HashMap<>(Map.of("Upload-Offset", Long.toString(offset),
                "Content-Type", "application/offset+octet-stream"));
        if (checksum != null) {
            headers.put("Upload-Checksum", checksum);
        }
        return api.send("PATCH", location, patient.token(), tusHeaders(headers), BodyPublishers.ofByteArray(piece));
    }

    private Response head(Patient patient, String location) {
        return api.send("HEAD", location, patient.token(), tusHeaders(Map.of()), BodyPublishers.noBody());
    }

    private long awaitOffset(Patient patient, String location, long expected) throws InterruptedException {
        long offset = -1;
        for (int i = 0; i < 100; i++) {
            Response head = head(patient, location);
            if (head.status() == 200) {
                offset = Long.parseLong(head.header("Upload-Offset").orElseThrow());
                if (offset == expected) {
                    return offset;
                }
            }
            Thread.sleep(50);
        }
        return offset;
    }

    private Response record(Patient patient, String recordId) {
        Response list = api.get(patient.token(), "/api/v1/cases/" + patient.caseId() + "/records");
        for (var node : list.json()) {
            if (node.get("id").asString().equals(recordId)) {
                return new Response(200, list.headers(), node.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        throw new AssertionError("no record " + recordId + " in " + list);
    }

    private byte[] content(Patient patient, String recordId) {
        Response content = api.get(patient.token(), "/api/v1/cases/" + patient.caseId() + "/records/" + recordId
                + "/content");
        assertThat(content.status()).as("%s", content).isEqualTo(200);
        return content.body();
    }

    private String storedBytesOf(String recordId) throws Exception {
        String key = jdbc.sql("select b.storage_key from records_blobs b join records_records r on r.blob_id = b.id "
                + "where r.id = ?").param(UUID.fromString(recordId)).query(String.class).single();
        return new String(Files.readAllBytes(properties.dataDir().resolve("blobs").resolve(key)),
                StandardCharsets.ISO_8859_1);
    }

    private UUID blobOf(String location) {
        return jdbc.sql("select blob_id from records_uploads where id = ?")
                .param(UUID.fromString(location.substring(location.lastIndexOf('/') + 1))).query(UUID.class).single();
    }

    private List<Path> blobFiles(UUID blob) throws Exception {
        Path root = properties.dataDir().resolve("blobs");
        try (var files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().startsWith(blob.toString())).toList();
        }
    }

    private long recordsOf(Patient patient) {
        return jdbc.sql("select count(*) from records_records where case_id = ?")
                .param(UUID.fromString(patient.caseId())).query(Long.class).single();
    }

    private static Map<String, String> tusHeaders(Map<String, String> more) {
        Map<String, String> headers = new LinkedHashMap<>(more);
        headers.putIfAbsent("Tus-Resumable", "1.0.0");
        return headers;
    }

    private static String metadata(String caseId, String category, String filename) {
        return Map.of("caseId", caseId, "category", category, "filename", filename, "filetype", "text/plain")
                .entrySet().stream().map(e -> e.getKey() + " " + b64(e.getValue()))
                .collect(Collectors.joining(","));
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String checksum(byte[] piece) {
        return "sha256 " + Base64.getEncoder().encodeToString(Sha256.digest(piece));
    }

    /** Lab-report-like text of the given length, different at every offset so that misplaced bytes show. */
    private static byte[] text(int length) {
        StringBuilder text = new StringBuilder(length + 64);
        Random random = new Random(length);
        int line = 0;
        while (text.length() < length) {
            text.append("Line ").append(line++).append(": haemoglobin ").append(10 + random.nextInt(60) / 10.0)
                    .append(" g/dL\n");
        }
        return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }
}
