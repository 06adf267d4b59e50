package org.consilium.platform.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.consilium.platform.KeyRing;
import org.consilium.platform.internal.MasterKeyRegistry.SealedSecret;
import org.consilium.platform.internal.MasterKeyRegistry.State;
import org.consilium.platform.internal.MasterKeyRegistry.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The key ring: the configured keys ({@link ConfiguredKeys}) by the versions the database gives them
 * ({@link MasterKeyRegistry}). At start it reconciles the two, and refuses to start when a version that still wraps
 * data keys is not configured. It also holds the service's long-lived secrets, the audit chain's key and the account
 * secrets' key: stored sealed under the current master key version, sealed again by every rotation, so they outlive
 * every master key. An installation from before master key versions stores, at its first start, the values it
 * derived from its one master key then (HKDF), so its audit chain verifies and its authenticator apps keep working.
 */
@Component
public class RegisteredKeyRing implements KeyRing {

    private static final Logger log = LoggerFactory.getLogger(RegisteredKeyRing.class);
    static final String AUDIT_CHAIN = "audit-chain";
    static final String ACCOUNT_SECRETS = "account-secrets";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConfiguredKeys configured;
    private final MasterKeyRegistry registry;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final Map<Integer, String> keyIds = new java.util.concurrent.ConcurrentHashMap<>();
    private final SecretKey auditKey;
    private final String auditKeyId;
    private final SecretKey accountSecretsKey;

    RegisteredKeyRing(ConfiguredKeys configured, MasterKeyRegistry registry, Clock clock,
            PlatformTransactionManager transactions) {
        this.configured = configured;
        this.registry = registry;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
        Map<String, byte[]> secrets = transaction.execute(status -> reconcile());
        this.auditKey = new SecretKeySpec(secrets.get(AUDIT_CHAIN), "HmacSHA256");
        this.accountSecretsKey = new SecretKeySpec(secrets.get(ACCOUNT_SECRETS), "AES");
        this.auditKeyId = auditKeyId(auditKey.getEncoded());
    }

    static String auditKeyId(byte[] auditKey) {
        try {
            return HexFormat.of().formatHex(KeyRingConfiguration.hmac(auditKey, "key id".getBytes(
                    StandardCharsets.US_ASCII))).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Gives the installation's first key version 1, checks that every version still wrapping keys is held, adds a
     * configured key the database does not know as the next version, and reads (or, the first time, stores) the
     * service secrets.
     */
    private Map<String, byte[]> reconcile() {
        registry.lockExclusively();
        List<Version> versions = registry.versions();
        if (versions.isEmpty()) {
            registry.add(1, configured.primaryId(), State.CURRENT, clock.instant());
            versions = registry.versions();
        }
        for (Version v : versions) {
            if ((v.state() == State.CURRENT || v.state() == State.RETIRING)
                    && configured.masterKey(v.keyId()).isEmpty()) {
                throw new IllegalStateException(RefusalFailureAnalyzer.PREFIX + "the stored files' keys are wrapped "
                        + "under master key version " + v.version() + " (key id " + v.keyId() + "), which is not "
                        + "configured. Set it as CONSILIUM_SECRETS_MASTER_KEY, or, while a rotation is under way, "
                        + "as one of CONSILIUM_SECRETS_PREVIOUS_MASTER_KEYS; in the demo, restore the secrets "
                        + "folder. See docs/operations.md (Keys).");
            }
            if (v.state() == State.RETIRED && configured.masterKey(v.keyId()).isPresent()) {
                log.warn("Master key version {} (key id {}) is retired; remove it from the settings.", v.version(),
                        v.keyId());
            }
        }
        int newest = versions.stream().mapToInt(Version::version).max().orElse(0);
        for (String id : configured.masterKeyIds()) {
            if (versions.stream().noneMatch(v -> v.keyId().equals(id))) {
                if (configured.newcomers().contains(id)) {
                    newest++;
                    registry.add(newest, id, State.NEXT, clock.instant());
                    log.info("A new master key is configured: version {} (key id {}). ./consilium keys rotate "
                            + "moves every data key to it.", newest, id);
                } else {
                    log.warn("A previous master key (key id {}) wraps nothing here; remove it from the settings.",
                            id);
                }
            }
        }
        int current = registry.current();
        Map<String, byte[]> values = new HashMap<>();
        for (String purpose : List.of(AUDIT_CHAIN, ACCOUNT_SECRETS)) {
            Optional<SealedSecret> stored = registry.secret(purpose);
            if (stored.isPresent()) {
                values.put(purpose, open(stored.get()));
            } else {
                // The installation's first start with stored secrets: keep the values it derived until now from its
                // one master key, version 1, so nothing chained or sealed before is lost.
                byte[] first = masterKey(1).getEncoded();
                byte[] value = derived(first, purpose);
                registry.store(seal(purpose, value, current), clock.instant());
                values.put(purpose, value);
            }
        }
        return values;
    }

    /** What versions before stored secrets derived from the master key, for each purpose. */
    static byte[] derived(byte[] masterKey, String purpose) {
        try {
            return KeyRingConfiguration.hkdf(masterKey, switch (purpose) {
                case AUDIT_CHAIN -> "consilium audit chain v1";
                case ACCOUNT_SECRETS -> "consilium account secrets v1";
                default -> throw new IllegalArgumentException(purpose);
            });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seals every service secret again under the version, in the caller's transaction. */
    public void resealSecrets(int version) {
        for (SealedSecret stored : registry.secrets()) {
            registry.store(seal(stored.purpose(), open(stored), version), clock.instant());
        }
    }

    private SealedSecret seal(String purpose, byte[] value, int version) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, masterKey(version), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(secretAad(purpose, version));
            return new SealedSecret(purpose, version, nonce, cipher.doFinal(value));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not seal the service secret " + purpose, e);
        }
    }

    private byte[] open(SealedSecret stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, masterKey(stored.keyVersion()), new GCMParameterSpec(TAG_BITS,
                    stored.nonce()));
            cipher.updateAAD(secretAad(stored.purpose(), stored.keyVersion()));
            return cipher.doFinal(stored.sealed());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the service secret " + stored.purpose() + " does not open under master "
                    + "key version " + stored.keyVersion(), e);
        }
    }

    private static byte[] secretAad(String purpose, int version) {
        byte[] name = ("consilium service secret " + purpose).getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(name.length + 4).put(name).putInt(version).array();
    }

    /** Whether this instance holds the master key of that id. */
    public boolean holds(String keyId) {
        return configured.masterKey(keyId).isPresent();
    }

    /** Whether a rotation may make its new master key itself, into the secrets folder (the demo). */
    public boolean generates() {
        return configured.generates();
    }

    /** A new master key for the version, written to the secrets folder first; answers its key id. */
    public String generate(int version) {
        return configured.generate(version);
    }

    /** Forgets a retired master key, renaming its file, if any, as retired; answers that file. */
    public Optional<java.nio.file.Path> retire(String keyId) {
        keyIds.values().removeIf(keyId::equals);
        return configured.retire(keyId);
    }

    @Override
    public int masterKeyVersion() {
        return registry.current();
    }

    @Override
    public int holdMasterKeyVersion() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a master key version is held for a transaction; there is none");
        }
        return registry.holdCurrent();
    }

    @Override
    public SecretKey masterKey(int version) {
        // A version never changes its key, so its id is asked of the database once.
        String keyId = keyIds.computeIfAbsent(version, v -> registry.versions().stream()
                .filter(r -> r.version() == v).findFirst().map(Version::keyId)
                .orElseThrow(() -> new IllegalStateException("there is no master key version " + v)));
        return configured.masterKey(keyId).orElseThrow(() -> new IllegalStateException("master key version "
                + version + " (key id " + keyId + ") is not held by this instance"));
    }

    @Override
    public KeyPair signingKey() {
        return configured.signingKey();
    }

    @Override
    public String signingKeyId() {
        return configured.signingKeyId();
    }

    @Override
    public SecretKey auditKey() {
        return auditKey;
    }

    @Override
    public String auditKeyId() {
        return auditKeyId;
    }

    @Override
    public SecretKey accountSecretsKey() {
        return accountSecretsKey;
    }
}
