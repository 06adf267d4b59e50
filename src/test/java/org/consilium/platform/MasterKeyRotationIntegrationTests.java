package org.consilium.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.consilium.ApiClient.assertProblem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.Authentications;
import org.consilium.IntegrationTest;
import org.consilium.audit.AuditTrail;
import org.consilium.identity.AccessScope;
import org.consilium.records.internal.EncryptedBlobs;
import org.consilium.shared.SecretSeal;
import org.consilium.shared.Sha256;
import org.consilium.web.LoopCases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The master key's rotation on the demo's running app: every data key wrapped again under a new version, the files
 * untouched, the old version retired only once nothing is left under it; the audit chain and the sealed account
 * secrets outlive the old key; an interrupted rotation is taken up again; blobs stored meanwhile go under the new key.
 */
@IntegrationTest
class MasterKeyRotationIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    MasterKeyRotation rotation;

    @Autowired
    KeyRing keys;

    @Autowired
    EncryptedBlobs blobs;

    @Autowired
    SecretSeal seal;

    @Autowired
    AuditTrail trail;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ConsiliumProperties properties;

    @Autowired
    LoopCases loop;

    @Autowired
    Authentications authentications;

    @Test
    void a_rotation_wraps_every_data_key_again_without_touching_the_files_and_retires_the_old_version()
            throws IOException {
        // given three stored blobs, an account secret sealed, and the trail verified, all under the current version
        int old = keys.masterKeyVersion();
        Map<UUID, byte[]> contents = storedBlobs(3);
        Map<UUID, byte[]> files = files(contents.keySet());
        Map<UUID, byte[]> wrapped = wrappedKeys(contents.keySet());
        byte[] sealed = seal.seal("JBSWY3DPEHPK3PXP".getBytes(StandardCharsets.US_ASCII), "totp:rotation-test");
        byte[] auditKey = keys.auditKey().getEncoded();
        byte[] accountSecretsKey = keys.accountSecretsKey().getEncoded();
        AccessScope admin = loop.signedIn(LoopCases.ADMIN);
        List<MasterKeyRotation.Status> progress = new ArrayList<>();

        // when the administrator rotates, two data keys a batch
        MasterKeyRotation.Status done = rotation.rotate(admin, progress::add, 2);

        // then every data key is under the new version, the old one is retired and its key is gone from the ring
        int now = keys.masterKeyVersion();
        assertThat(now).isGreaterThan(old);
        assertThat(done.current()).isEqualTo(now);
        assertThat(done.retired()).containsExactly(old);
        assertThat(done.remaining()).isZero();
        assertThat(done.summary()).startsWith("Done: ");
        assertThat(done.nextSteps()).singleElement().asString().contains(".retired");
        assertThat(progress).hasSizeGreaterThanOrEqualTo(2);
        assertThat(jdbc.sql("select count(*) from records_blobs where key_version <> ?").param(now)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select state from platform_master_keys where version = ?").param(old)
                .query(String.class).single()).isEqualTo("RETIRED");
        assertThatThrownBy(() -> keys.masterKey(old)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not held");
        assertThat(Files.list(properties.dataDir().resolve("secrets"))
                .map(f -> f.getFileName().toString()).toList()).anyMatch(name -> name.endsWith(".key.retired"))
                .contains("master-v" + now + ".key");
        // and no file was re-encrypted: the bytes on disk are the same, the wrapped keys are not, the content reads
        assertThat(files(contents.keySet())).containsExactlyInAnyOrderEntriesOf(files);
        Map<UUID, byte[]> rewrapped = wrappedKeys(contents.keySet());
        for (UUID id : contents.keySet()) {
            assertThat(rewrapped.get(id)).isNotEqualTo(wrapped.get(id));
            assertThat(read(id)).isEqualTo(contents.get(id));
        }
        // and the service secrets outlive the old key: the sealed secret opens, the audit chain verifies
        assertThat(keys.auditKey().getEncoded()).isEqualTo(auditKey);
        assertThat(keys.accountSecretsKey().getEncoded()).isEqualTo(accountSecretsKey);
        assertThat(new String(seal.open(sealed, "totp:rotation-test"), StandardCharsets.US_ASCII))
                .isEqualTo("JBSWY3DPEHPK3PXP");
        assertThat(jdbc.sql("select count(*) from platform_service_secrets where key_version <> ?").param(now)
                .query(Long.class).single()).isZero();
        assertThat(trail.verify().ok()).as(trail.verify().summary()).isTrue();
        // and the start and the end are on the trail under the administrator's name
        assertThat(jdbc.sql("select action from audit_entries where actor_id = ? and action like 'MasterKey%' "
                + "order by id desc limit 2").param(admin.actor().id().value()).query(String.class).list())
                .containsExactly("MasterKeyRotationFinished", "MasterKeyRotationStarted");
    }

    @Autowired
    org.consilium.records.ResumableUploads uploads;

    @Autowired
    org.consilium.records.RecordManagement records;

    @Test
    void an_upload_under_way_during_a_rotation_finishes_after_the_old_key_is_retired() throws IOException {
        // given a resumable upload with half its bytes in, its data key under the current version
        AccessScope patient = loop.signedIn(LoopCases.PATIENT);
        org.consilium.shared.CaseId caseId = loop.draft(false);
        byte[] content = "Creatinine 1.1 mg/dL; eGFR 72.\n".repeat(80_000).getBytes(StandardCharsets.US_ASCII);
        var upload = uploads.create(patient, content.length, Map.of("caseId", caseId.toString(), "category",
                "LAB_RESULT", "filename", "kidneys.txt"));
        uploads.append(patient, upload.id(), 0, null, new java.io.ByteArrayInputStream(content, 0, 1_500_000));
        int old = keys.masterKeyVersion();

        // when the key is rotated and the old one retired, and then the rest arrives
        MasterKeyRotation.Status done = rotation.rotate(loop.signedIn(LoopCases.ADMIN), status -> { });
        var finished = uploads.append(patient, upload.id(), 1_500_000, null,
                new java.io.ByteArrayInputStream(content, 1_500_000, content.length - 1_500_000));

        // then the upload's key was wrapped again, and the record reads back whole
        assertThat(done.retired()).contains(old);
        assertThat(finished.state()).isEqualTo(org.consilium.records.ResumableUploads.State.STORED);
        try (InputStream in = records.download(patient, caseId, finished.recordId()).open().get()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void an_interrupted_rotation_is_taken_up_where_it_stopped_and_blobs_stored_meanwhile_go_under_the_new_key()
            throws IOException {
        // given three stored blobs, and one encrypted before the rotation but recorded only after it began
        int old = keys.masterKeyVersion();
        Map<UUID, byte[]> contents = storedBlobs(3);
        byte[] late = "prepared before, recorded during the rotation".getBytes(StandardCharsets.UTF_8);
        EncryptedBlobs.PreparedBlob prepared = blobs.prepare(late, Sha256.hex(late));
        AccessScope admin = loop.signedIn(LoopCases.ADMIN);

        // when the rotation stops after its first batch (a crash), a blob is stored, the late one recorded
        assertThatThrownBy(() -> rotation.rotate(admin, progress -> {
            throw new IllegalStateException("killed");
        }, 1)).hasMessage("killed");
        MasterKeyRotation.Status interrupted = rotation.status(admin);
        byte[] during = "stored during the rotation".getBytes(StandardCharsets.UTF_8);
        UUID storedDuring = transactions.execute(s -> blobs.store(during, Sha256.hex(during), Instant.now()));
        UUID recordedLate = transactions.execute(s -> blobs.register(prepared, Instant.now()));

        // then the old version is on its way out, with data keys left under it, and new ones go under the new one
        int now = keys.masterKeyVersion();
        assertThat(interrupted.retiring()).containsExactly(old);
        assertThat(interrupted.current()).isEqualTo(now).isGreaterThan(old);
        assertThat(interrupted.remaining()).isPositive();
        assertThat(interrupted.summary()).startsWith("Under way: ");
        assertThat(versionOf(storedDuring)).isEqualTo(now);
        assertThat(prepared.keyVersion()).isEqualTo(old);
        assertThat(versionOf(recordedLate)).isEqualTo(now);
        for (UUID id : contents.keySet()) {
            assertThat(read(id)).isEqualTo(contents.get(id));
        }

        // when it is run again
        MasterKeyRotation.Status done = rotation.rotate(admin, progress -> { });

        // then it finished what was left, and retired the old version
        assertThat(done.current()).isEqualTo(now);
        assertThat(done.retired()).containsExactly(old);
        assertThat(done.rewrapped()).isEqualTo(interrupted.remaining());
        for (UUID id : contents.keySet()) {
            assertThat(versionOf(id)).isEqualTo(now);
            assertThat(read(id)).isEqualTo(contents.get(id));
        }
        assertThat(read(storedDuring)).isEqualTo(during);
        assertThat(read(recordedLate)).isEqualTo(late);
        assertThat(trail.verify().ok()).isTrue();
        assertThat(jdbc.sql("select detail from audit_entries where action = 'MasterKeyRotationStarted' "
                + "order by id desc limit 1").query(String.class).single()).startsWith("taken up again");
    }

    @Test
    void the_api_rotates_for_an_administrator_only_after_a_step_up() {
        // given an administrator's sign-in six minutes old, and a coordinator's of now
        ApiClient api = ApiClient.behindProxy(port, ApiClient.randomAddress());
        String token = api.signIn(LoopCases.ADMIN, ApiClient.DEMO_PASSWORD).json().get("access_token").asString();
        authentications.authenticatedMinutesAgo(token, 6);
        String coordinator = api.token(LoopCases.COORDINATOR);
        int old = keys.masterKeyVersion();

        // when each asks for a rotation, then the administrator steps up and asks again
        Response stale = api.post(token, "/api/v1/admin/keys/rotation", null);
        Response forbidden = api.post(coordinator, "/api/v1/admin/keys/rotation", null);
        Response status = api.get(token, "/api/v1/admin/keys/rotation");
        String fresh = api.post(token, "/api/v1/auth/step-up", Map.of("password", ApiClient.DEMO_PASSWORD)).json()
                .get("access_token").asString();
        Response rotated = api.post(fresh, "/api/v1/admin/keys/rotation", null);

        // then the old sign-in is asked to step up, the coordinator refused, and the fresh one rotates
        assertProblem(stale, 401);
        assertThat(stale.header("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                .contains("insufficient_user_authentication").contains("max_age=300"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(status.status()).as("%s", status).isEqualTo(200);
        assertThat(status.json().get("currentVersion").asInt()).isEqualTo(old);
        assertThat(rotated.status()).as("%s", rotated).isEqualTo(200);
        assertThat(rotated.json().get("currentVersion").asInt()).isGreaterThan(old);
        assertThat(rotated.json().get("retiredVersions").get(0).asInt()).isEqualTo(old);
        assertThat(rotated.json().get("remaining").asLong()).isZero();
        assertThat(rotated.json().get("summary").asString()).startsWith("Done: ");
        assertThat(keys.masterKeyVersion()).isEqualTo(rotated.json().get("currentVersion").asInt());
    }

    private Map<UUID, byte[]> storedBlobs(int count) {
        Map<UUID, byte[]> contents = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] content = ("blob " + i + " of " + UUID.randomUUID()).repeat(1000).getBytes(StandardCharsets.UTF_8);
            UUID id = transactions.execute(s -> blobs.store(content, Sha256.hex(content), Instant.now()));
            contents.put(id, content);
        }
        return contents;
    }

    private Map<UUID, byte[]> files(Iterable<UUID> ids) throws IOException {
        Map<UUID, byte[]> files = new LinkedHashMap<>();
        for (UUID id : ids) {
            String key = jdbc.sql("select storage_key from records_blobs where id = ?").param(id).query(String.class)
                    .single();
            files.put(id, Files.readAllBytes(properties.dataDir().resolve("blobs").resolve(key)));
        }
        return files;
    }

    private Map<UUID, byte[]> wrappedKeys(Iterable<UUID> ids) {
        Map<UUID, byte[]> wrapped = new LinkedHashMap<>();
        for (UUID id : ids) {
            wrapped.put(id, jdbc.sql("select wrapped_key from records_blobs where id = ?").param(id)
                    .query(byte[].class).single());
        }
        return wrapped;
    }

    private int versionOf(UUID id) {
        return jdbc.sql("select key_version from records_blobs where id = ?").param(id).query(Integer.class).single();
    }

    private byte[] read(UUID id) throws IOException {
        try (InputStream in = blobs.open(id).stream()) {
            return in.readAllBytes();
        }
    }
}
