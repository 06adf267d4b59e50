package org.consilium.identity.internal;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Repository;

/**
 * Passkeys and their ceremonies' challenges, for Spring Security's WebAuthn relying party. Its "user name" here is the
 * account's id: the entity it answers carries the address as the name an authenticator shows, the person's name as the
 * display name, and a random user handle, never the id or the address. A removed passkey is marked and no longer found.
 */
@Repository
public class PasskeyStore implements UserCredentialRepository, PublicKeyCredentialUserEntityRepository {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** How many challenges of one purpose an account may have open at once. */
    static final int OPEN_PER_ACCOUNT = 5;

    private final JdbcClient jdbc;

    PasskeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A passkey as its owner sees it listed. */
    public record PasskeyRow(Bytes credentialId, String label, Instant createdAt, @Nullable Instant lastUsedAt,
            boolean synced) {
    }

    /** What a ceremony's challenge was for, and for whom (null: anyone's passkey, a sign-in without an address). */
    public record Challenge(String purpose, @Nullable UserId account) {
    }

    // ---- accounts' user entities

    /** The account's entity, its user handle made on first use. */
    @Override
    public @Nullable PublicKeyCredentialUserEntity findByUsername(String accountId) {
        UUID id;
        try {
            id = UUID.fromString(accountId);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
        byte[] handle = new byte[64];
        RANDOM.nextBytes(handle);
        jdbc.sql("""
                insert into identity_passkey_users (account_id, user_handle)
                select id, ? from identity_accounts where id = ?
                on conflict (account_id) do nothing
                """)
                .params(handle, id)
                .update();
        return jdbc.sql("""
                select u.user_handle, a.email, a.display_name from identity_passkey_users u
                join identity_accounts a on a.id = u.account_id where u.account_id = ?
                """)
                .param(id)
                .query(PasskeyStore::entity)
                .optional().orElse(null);
    }

    @Override
    public @Nullable PublicKeyCredentialUserEntity findById(Bytes handle) {
        return jdbc.sql("""
                select u.user_handle, a.email, a.display_name from identity_passkey_users u
                join identity_accounts a on a.id = u.account_id where u.user_handle = ?
                """)
                .param(handle.getBytes())
                .query(PasskeyStore::entity)
                .optional().orElse(null);
    }

    /** Handles are made by {@link #findByUsername}; the relying party never needs to make one. */
    @Override
    public void save(PublicKeyCredentialUserEntity userEntity) {
        throw new UnsupportedOperationException("user handles are made when an account's entity is first read");
    }

    /** The account whose user handle this is. */
    public Optional<UserId> accountOfHandle(byte[] handle) {
        return jdbc.sql("select account_id from identity_passkey_users where user_handle = ?")
                .param(handle)
                .query((rs, n) -> new UserId(rs.getObject(1, UUID.class)))
                .optional();
    }

    private static PublicKeyCredentialUserEntity entity(ResultSet rs, int n) throws SQLException {
        return ImmutablePublicKeyCredentialUserEntity.builder()
                .id(new Bytes(rs.getBytes(1)))
                .name(rs.getString(2))
                .displayName(rs.getString(3))
                .build();
    }

    // ---- credentials

    /**
     * Stores a new passkey, or records a use of a known one (its new signature counter, when it was used). The
     * account is the one whose handle the record names.
     */
    @Override
    public void save(CredentialRecord record) {
        Timestamp lastUsed = record.getLastUsed() == null ? null : Timestamp.from(record.getLastUsed());
        int updated = jdbc.sql("""
                update identity_passkeys set signature_count = ?, last_used_at = ?, backup_state = ?
                where credential_id = ? and removed_at is null
                """)
                .params(record.getSignatureCount(), lastUsed, record.isBackupState(),
                        record.getCredentialId().getBytes())
                .update();
        if (updated == 1) {
            return;
        }
        jdbc.sql("""
                insert into identity_passkeys (credential_id, account_id, label, public_key_cose, signature_count,
                    uv_initialized, backup_eligible, backup_state, transports, attestation_object,
                    attestation_client_data, created_at)
                select ?, account_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? from identity_passkey_users where user_handle = ?
                """)
                .params(record.getCredentialId().getBytes(), record.getLabel(), record.getPublicKey().getBytes(),
                        record.getSignatureCount(), record.isUvInitialized(), record.isBackupEligible(),
                        record.isBackupState(), record.getTransports().stream().map(AuthenticatorTransport::getValue)
                                .sorted().collect(Collectors.joining(",")),
                        bytesOrEmpty(record.getAttestationObject()), bytesOrEmpty(record.getAttestationClientDataJSON()),
                        Timestamp.from(record.getCreated() == null ? Instant.now() : record.getCreated()),
                        record.getUserEntityUserId().getBytes())
                .update();
    }

    @Override
    public @Nullable CredentialRecord findByCredentialId(Bytes credentialId) {
        return jdbc.sql("""
                select p.*, u.user_handle from identity_passkeys p
                join identity_passkey_users u on u.account_id = p.account_id
                where p.credential_id = ? and p.removed_at is null
                """)
                .param(credentialId.getBytes())
                .query(PasskeyStore::record)
                .optional().orElse(null);
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes handle) {
        return jdbc.sql("""
                select p.*, u.user_handle from identity_passkeys p
                join identity_passkey_users u on u.account_id = p.account_id
                where u.user_handle = ? and p.removed_at is null order by p.created_at
                """)
                .param(handle.getBytes())
                .query(PasskeyStore::record)
                .list();
    }

    /**
     * Never: a passkey is removed by {@link #remove}, which records who did it, and a user handle is kept (both of
     * Spring's repositories name their deletion alike).
     */
    @Override
    public void delete(Bytes id) {
        throw new UnsupportedOperationException("passkeys are removed with who removed them; user handles are kept");
    }

    /** Whose a passkey is, and whether it was removed. */
    public record Owner(UserId account, boolean removed) {
    }

    /** The account a passkey belongs to, in use or removed. */
    public Optional<Owner> ownerOf(Bytes credentialId) {
        return jdbc.sql("select account_id, removed_at is not null from identity_passkeys where credential_id = ?")
                .param(credentialId.getBytes())
                .query((rs, n) -> new Owner(new UserId(rs.getObject(1, UUID.class)), rs.getBoolean(2)))
                .optional();
    }

    /** Locks a passkey's row until the transaction ends, so two uses of it at once are checked one after the other. */
    public void lock(Bytes credentialId) {
        jdbc.sql("select 1 from identity_passkeys where credential_id = ? for update")
                .param(credentialId.getBytes())
                .query(Integer.class).optional();
    }

    /** The account's passkeys in use, oldest first. */
    public List<PasskeyRow> list(UserId account) {
        return jdbc.sql("""
                select credential_id, label, created_at, last_used_at, backup_eligible from identity_passkeys
                where account_id = ? and removed_at is null order by created_at, credential_id
                """)
                .param(account.value())
                .query((rs, n) -> new PasskeyRow(new Bytes(rs.getBytes(1)), rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getBoolean(5)))
                .list();
    }

    public int count(UserId account) {
        return jdbc.sql("select count(*) from identity_passkeys where account_id = ? and removed_at is null")
                .param(account.value())
                .query(Integer.class).single();
    }

    /** Marks one of the account's passkeys removed; answers its name, or none when it was not in use. */
    public Optional<String> remove(UserId account, Bytes credentialId, UserId by, Instant now) {
        return jdbc.sql("""
                update identity_passkeys set removed_at = ?, removed_by = ?
                where account_id = ? and credential_id = ? and removed_at is null returning label
                """)
                .params(Timestamp.from(now), by.value(), account.value(), credentialId.getBytes())
                .query(String.class)
                .optional();
    }

    private static CredentialRecord record(ResultSet rs, int n) throws SQLException {
        String transports = rs.getString("transports");
        Set<AuthenticatorTransport> known = transports.isEmpty() ? Set.of() : Arrays.stream(transports.split(","))
                .map(AuthenticatorTransport::valueOf).collect(Collectors.toUnmodifiableSet());
        Timestamp lastUsed = rs.getTimestamp("last_used_at");
        return ImmutableCredentialRecord.builder()
                .credentialType(PublicKeyCredentialType.PUBLIC_KEY)
                .credentialId(new Bytes(rs.getBytes("credential_id")))
                .userEntityUserId(new Bytes(rs.getBytes("user_handle")))
                .publicKey(new ImmutablePublicKeyCose(rs.getBytes("public_key_cose")))
                .signatureCount(rs.getLong("signature_count"))
                .uvInitialized(rs.getBoolean("uv_initialized"))
                .backupEligible(rs.getBoolean("backup_eligible"))
                .backupState(rs.getBoolean("backup_state"))
                .transports(known)
                .attestationObject(new Bytes(rs.getBytes("attestation_object")))
                .attestationClientDataJSON(new Bytes(rs.getBytes("attestation_client_data")))
                .label(rs.getString("label"))
                .created(rs.getTimestamp("created_at").toInstant())
                .lastUsed(lastUsed == null ? rs.getTimestamp("created_at").toInstant() : lastUsed.toInstant())
                .build();
    }

    private static byte[] bytesOrEmpty(@Nullable Bytes bytes) {
        return bytes == null ? new byte[0] : bytes.getBytes();
    }

    // ---- challenges

    /**
     * Keeps a ceremony's challenge until it is answered or expires. An account keeps at most a few open challenges
     * per purpose (the newest): asking again and again replaces them, and fills nothing.
     */
    public void challenge(byte[] challenge, String purpose, @Nullable UserId account, Instant expiresAt) {
        if (account != null) {
            jdbc.sql("delete from identity_passkey_challenges where account_id = ? and purpose = ? and challenge not in "
                            + "(select challenge from identity_passkey_challenges where account_id = ? and purpose = ? "
                            + "order by expires_at desc limit ?)")
                    .params(account.value(), purpose, account.value(), purpose, OPEN_PER_ACCOUNT - 1)
                    .update();
        }
        jdbc.sql("insert into identity_passkey_challenges (challenge, purpose, account_id, expires_at) "
                        + "values (?, ?, ?, ?)")
                .params(challenge, purpose, account == null ? null : account.value(), Timestamp.from(expiresAt))
                .update();
    }

    /** Takes a live challenge, once: a second answer to the same challenge finds nothing. */
    public Optional<Challenge> take(byte[] challenge, Instant now) {
        return jdbc.sql("""
                delete from identity_passkey_challenges where challenge = ? and expires_at > ?
                returning purpose, account_id
                """)
                .params(challenge, Timestamp.from(now))
                .query((rs, n) -> new Challenge(rs.getString(1), rs.getObject(2) == null ? null
                        : new UserId(rs.getObject(2, UUID.class))))
                .optional();
    }

    /** Deletes the challenges expired before {@code now}; answers how many. */
    public int purge(Instant now) {
        return jdbc.sql("delete from identity_passkey_challenges where expires_at <= ?")
                .param(Timestamp.from(now))
                .update();
    }
}
