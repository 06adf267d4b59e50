package org.consilium.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import javax.sql.DataSource;
import org.consilium.ApiClient;
import org.consilium.FileFixtures;
import org.consilium.IntegrationTest;
import org.consilium.platform.ConsiliumProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The scheduled purges, run directly (the shared test configuration turns the schedule off): what each deletes and
 * what it keeps, and that an instance skips a purge another one is running.
 */
@IntegrationTest
class PurgesIntegrationTests {

    @Autowired
    Purges purges;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    ConsiliumProperties properties;

    @Autowired
    Clock clock;

    @LocalServerPort
    int port;

    @Test
    void every_module_s_purge_is_registered() {
        assertThat(purges.names()).containsExactlyInAnyOrder("identity-expired-access-tokens",
                "identity-expired-account-links", "identity-expired-passkey-challenges", "identity-sign-in-throttle", "identity-unconfirmed-registrations", "platform-rate-limit-counters", "records-abandoned-uploads", "records-lapsed-upload-slots",
                "records-orphaned-blob-files");
    }

    @Test
    void access_tokens_go_a_day_after_they_expired_or_were_revoked() {
        // given
        Instant now = clock.instant();
        UUID account = jdbc.sql("select id from identity_accounts where email = 'patient@example.org'")
                .query(UUID.class).single();
        byte[] expiredLongAgo = token(account, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)), null);
        byte[] expiredLately = token(account, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)), null);
        byte[] revokedLongAgo = token(account, now.minus(Duration.ofDays(3)), now.plus(Duration.ofDays(1)),
                now.minus(Duration.ofDays(2)));
        byte[] live = token(account, now, now.plus(Duration.ofMinutes(15)), null);

        // when
        OptionalInt deleted = purges.run("identity-expired-access-tokens", now);

        // then
        assertThat(deleted.orElseThrow()).isGreaterThanOrEqualTo(2);
        assertThat(tokenExists(expiredLongAgo)).isFalse();
        assertThat(tokenExists(revokedLongAgo)).isFalse();
        assertThat(tokenExists(expiredLately)).isTrue();
        assertThat(tokenExists(live)).isTrue();
    }

    @Test
    void mailed_links_go_a_week_after_they_expired() {
        // given a link that expired eight days ago, one that expired yesterday, and a live one
        Instant now = clock.instant();
        UUID account = jdbc.sql("select id from identity_accounts where email = 'patient@example.org'")
                .query(UUID.class).single();
        byte[] old = link(account, now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(8)));
        byte[] lately = link(account, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        byte[] live = link(account, now, now.plus(Duration.ofHours(1)));

        // when
        purges.run("identity-expired-account-links", now);

        // then
        assertThat(linkExists(old)).isFalse();
        assertThat(linkExists(lately)).as("kept, so a late click is told the link expired").isTrue();
        assertThat(linkExists(live)).isTrue();
    }

    @Test
    void registrations_never_confirmed_go_after_a_month_and_nothing_else_does() {
        // given registrations never confirmed, of 31 and of 29 days ago, and an invitation of 31 days ago
        Instant now = clock.instant();
        UUID old = account("old", now.minus(Duration.ofDays(31)), null);
        link(old, now.minus(Duration.ofDays(31)), now.minus(Duration.ofDays(30)));
        UUID recent = account("recent", now.minus(Duration.ofDays(29)), null);
        UUID invited = account("invited", now.minus(Duration.ofDays(31)), UUID.randomUUID());

        // when
        purges.run("identity-unconfirmed-registrations", now);

        // then
        assertThat(accountExists(old)).isFalse();
        assertThat(accountExists(recent)).isTrue();
        assertThat(accountExists(invited)).as("an invitation waits for its administrator to act").isTrue();
        assertThat(jdbc.sql("select count(*) from identity_accounts where email_verified_at is not null")
                .query(Long.class).single()).as("confirmed accounts are untouched").isPositive();
    }

    private UUID account(String name, Instant created, UUID invitedBy) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into identity_accounts (id, email, display_name, role, password_hash, privacy_notice_version,
                    terms_version, accepted_at, created_at, invited_by)
                values (?, ?, 'Never Confirmed', 'PATIENT', 'x', '', '', ?, ?, ?)
                """).params(id, name + "-" + id + "@example.org", java.sql.Timestamp.from(created),
                java.sql.Timestamp.from(created), invitedBy).update();
        return id;
    }

    private boolean accountExists(UUID id) {
        return jdbc.sql("select count(*) from identity_accounts where id = ?").param(id).query(Long.class)
                .single() == 1;
    }

    private byte[] link(UUID account, Instant issued, Instant expires) {
        byte[] hash = new byte[32];
        new java.security.SecureRandom().nextBytes(hash);
        jdbc.sql("""
                insert into identity_account_links (token_hash, account_id, purpose, issued_at, expires_at)
                values (?, ?, 'RESET_PASSWORD', ?, ?)
                """).params(hash, account, java.sql.Timestamp.from(issued), java.sql.Timestamp.from(expires))
                .update();
        return hash;
    }

    private boolean linkExists(byte[] hash) {
        return jdbc.sql("select count(*) from identity_account_links where token_hash = ?").param(hash)
                .query(Long.class).single() == 1;
    }

    @Test
    void rate_limit_counters_go_a_day_after_their_window_started() {
        // given
        Instant now = clock.instant();
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        counter(old, now.minus(Duration.ofDays(2)));
        counter(recent, now.minusSeconds(30));

        // when
        purges.run("platform-rate-limit-counters", now);

        // then
        assertThat(counterExists(old)).isFalse();
        assertThat(counterExists(recent)).isTrue();
    }

    @Test
    void orphaned_blob_files_and_leftover_temporary_files_go_after_an_hour_and_nothing_else_is_touched()
            throws IOException {
        // given a stored record's blob, orphans old and new, a leftover temporary file, and things that are no blobs
        ApiClient api = new ApiClient(port);
        String patient = api.token("patient@example.org");
        String caseId = api.post(patient, "/api/v1/cases", Map.of("diagnosis", "Purge test", "specialty",
                "MEDICAL_ONCOLOGY", "questions", java.util.List.of(Map.of("kind", "OTHER", "text", "Kept?"))))
                .json().get("id").asString();
        String recordId = api.upload(patient, "/api/v1/cases/" + caseId + "/records", "kept.pdf",
                FileFixtures.pdf("Kept"), Map.of("category", "LAB_RESULT")).json().get("id").asString();
        UUID storedId = jdbc.sql("select blob_id from records_records where id = ?::uuid").param(recordId)
                .query(UUID.class).single();
        Path blobs = properties.dataDir().resolve("blobs");
        Instant now = clock.instant();
        Instant twoHoursAgo = now.minus(Duration.ofHours(2));
        Path stored = aged(blobFile(blobs, storedId), twoHoursAgo);
        Path oldOrphan = aged(write(blobFile(blobs, UUID.randomUUID())), twoHoursAgo);
        Path newOrphan = write(blobFile(blobs, UUID.randomUUID()));
        UUID partId = UUID.randomUUID();
        Path oldPart = aged(write(blobs.resolve(partId.toString().substring(0, 2)).resolve(partId + ".part")),
                twoHoursAgo);
        Path stranger = aged(write(stored.resolveSibling("notes.txt")), twoHoursAgo);
        Path inRoot = aged(write(blobs.resolve(UUID.randomUUID().toString())), twoHoursAgo);
        // and the blob of a resumable upload being checked: complete, with no blob row yet, dated from long ago
        UUID checkingId = UUID.randomUUID();
        Path checking = aged(write(blobFile(blobs, checkingId)), twoHoursAgo);
        UUID owner = jdbc.sql("select id from identity_accounts where email = 'patient@example.org'")
                .query(UUID.class).single();
        jdbc.sql("""
                insert into records_uploads (id, case_id, owner_id, category, filename, length, received, blob_id,
                    key_version, wrapped_key, key_nonce, storage_key, storage_handle, created_at, expires_at, state)
                values (?, ?::uuid, ?, 'LAB_RESULT', 'big.txt', 4, 4, ?, 1, ?, ?, ?, 'file', ?, ?, 'checking')
                """)
                .params(UUID.randomUUID(), caseId, owner, checkingId, new byte[1], new byte[1],
                        checkingId.toString().substring(0, 2) + "/" + checkingId,
                        Timestamp.from(twoHoursAgo.minus(Duration.ofDays(1))),
                        Timestamp.from(now.plus(Duration.ofDays(1))))
                .update();

        // when
        OptionalInt deleted = purges.run("records-orphaned-blob-files", now);

        // then
        assertThat(deleted).hasValue(2);
        assertThat(oldOrphan).doesNotExist();
        assertThat(oldPart).doesNotExist();
        assertThat(stored).exists();
        assertThat(newOrphan).exists();
        assertThat(stranger).exists();
        assertThat(inRoot).exists();
        assertThat(checking).exists();
        assertThat(api.get(patient, "/api/v1/cases/" + caseId + "/records/" + recordId + "/content").status())
                .isEqualTo(200);
    }

    @Test
    void an_instance_skips_a_purge_another_one_is_running() throws Exception {
        // given another instance that holds the purge's lock
        try (Connection other = dataSource.getConnection()) {
            try (var lock = other.prepareStatement("select pg_advisory_lock(hashtextextended(?, 0))")) {
                lock.setString(1, "consilium purge platform-rate-limit-counters");
                lock.execute();
            }

            // when
            OptionalInt skipped = purges.run("platform-rate-limit-counters", clock.instant());

            // then
            assertThat(skipped).isEmpty();
            try (var unlock = other.prepareStatement("select pg_advisory_unlock_all()")) {
                unlock.execute();
            }
        }
        assertThat(purges.run("platform-rate-limit-counters", clock.instant())).isPresent();
    }

    private byte[] token(UUID account, Instant issued, Instant expires, Instant revoked) {
        byte[] hash = new byte[32];
        new java.security.SecureRandom().nextBytes(hash);
        jdbc.sql("insert into identity_access_tokens (token_hash, account_id, issued_at, expires_at, revoked_at) "
                + "values (?, ?, ?, ?, ?)").params(hash, account, Timestamp.from(issued), Timestamp.from(expires),
                revoked == null ? null : Timestamp.from(revoked)).update();
        return hash;
    }

    private boolean tokenExists(byte[] hash) {
        return jdbc.sql("select count(*) from identity_access_tokens where token_hash = ?").param(hash)
                .query(Long.class).single() == 1;
    }

    private void counter(String subject, Instant windowStart) {
        jdbc.sql("insert into platform_rate_limits (bucket, subject, window_start, hits) values ('test', ?, ?, 1)")
                .params(subject, Timestamp.from(windowStart)).update();
    }

    private boolean counterExists(String subject) {
        return jdbc.sql("select count(*) from platform_rate_limits where bucket = 'test' and subject = ?")
                .param(subject).query(Long.class).single() == 1;
    }

    private static Path blobFile(Path blobs, UUID id) {
        return blobs.resolve(id.toString().substring(0, 2)).resolve(id.toString());
    }

    private static Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {1, 2, 3});
    }

    private static Path aged(Path file, Instant modified) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
