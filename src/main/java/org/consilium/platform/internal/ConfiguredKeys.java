package org.consilium.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The keys this instance was given: the master keys by key id (a fingerprint of the key, never the key), with the one
 * that may become a new version, and the signing key. In the demo they are files of the secrets folder, and a rotation
 * writes its new master key there too; from settings, the newest master key is {@code CONSILIUM_SECRETS_MASTER_KEY}
 * and those a rotation still needs are {@code CONSILIUM_SECRETS_PREVIOUS_MASTER_KEYS}. Which key has which version,
 * and which is current, is the database's to say ({@link MasterKeyRegistry}).
 */
final class ConfiguredKeys {

    static final String MASTER_FILE = "master.key";
    static final String RETIRED_SUFFIX = ".retired";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKey> masterKeys = new LinkedHashMap<>();
    private final Map<String, Path> files = new LinkedHashMap<>();
    private final Set<String> newcomers;
    private final String primaryId;
    private final KeyPair signingKey;
    private final String signingKeyId;
    private final @Nullable Path folder;

    /**
     * @param masterKeys the master keys, the primary one (the installation's first key, at its first start) first
     * @param newcomers the ids of those that become a new version when the database does not know them yet
     * @param files where each master key read from the secrets folder came from
     * @param folder the secrets folder, when a rotation may write a new master key there (the demo)
     */
    ConfiguredKeys(List<SecretKey> masterKeys, Set<String> newcomers, Map<String, Path> files, KeyPair signingKey,
            String signingKeyId, @Nullable Path folder) {
        for (SecretKey key : masterKeys) {
            this.masterKeys.put(keyId(key.getEncoded()), key);
        }
        this.primaryId = keyId(masterKeys.getFirst().getEncoded());
        this.newcomers = Set.copyOf(newcomers);
        this.files.putAll(files);
        this.signingKey = signingKey;
        this.signingKeyId = signingKeyId;
        this.folder = folder;
    }

    /** A master key's id: the first 16 hex digits of an HMAC under the key, so it names the key without revealing it. */
    static String keyId(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("consilium master key id".getBytes(StandardCharsets.US_ASCII)))
                    .substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing", e);
        }
    }

    synchronized Optional<SecretKey> masterKey(String keyId) {
        return Optional.ofNullable(masterKeys.get(keyId));
    }

    synchronized Set<String> masterKeyIds() {
        return Set.copyOf(masterKeys.keySet());
    }

    /** The first master key given: version 1 of an installation whose database knows no version yet. */
    String primaryId() {
        return primaryId;
    }

    /** The ids of the keys that become a new version when the database does not know them. */
    Set<String> newcomers() {
        return newcomers;
    }

    /** The first master key given, for the checks made before the database is started. */
    SecretKey primary() {
        return masterKey(primaryId).orElseThrow();
    }

    KeyPair signingKey() {
        return signingKey;
    }

    String signingKeyId() {
        return signingKeyId;
    }

    /** Whether a rotation may make its new master key itself, into the secrets folder (the demo). */
    boolean generates() {
        return folder != null;
    }

    /**
     * A new random master key, written to the secrets folder as {@code master-v<version>.key} before it is used, so
     * it is on disk before anything is wrapped under it; answers its id.
     */
    synchronized String generate(int version) {
        if (folder == null) {
            throw new IllegalStateException("master keys come from the settings here; they are not generated");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        Path file = folder.resolve("master-v" + version + ".key");
        try {
            SecretFiles.write(file, Base64.getEncoder().encodeToString(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the new master key to " + file, e);
        }
        SecretKey key = new SecretKeySpec(bytes, "AES");
        String id = keyId(bytes);
        masterKeys.put(id, key);
        files.put(id, file);
        return id;
    }

    /**
     * Forgets a retired master key; its file, if it came from one, is renamed {@code ….retired}, never loaded again,
     * and kept for the backups made before the rotation. Answers the retired file, if any.
     */
    synchronized Optional<Path> retire(String keyId) {
        masterKeys.remove(keyId);
        Path file = files.remove(keyId);
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        Path retired = file.resolveSibling(file.getFileName() + RETIRED_SUFFIX);
        try {
            Files.move(file, retired, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not rename the retired master key " + file, e);
        }
        return Optional.of(retired);
    }

    /** Whether a master key file of the secrets folder is one to load: not retired, not half written. */
    static boolean isMasterKeyFile(Path file) {
        String name = file.getFileName().toString();
        return name.equals(MASTER_FILE) || name.matches("master-v\\d+\\.key");
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /** Decodes and checks one master key given as base64. */
    static SecretKey masterKey(String base64, String source) {
        byte[] master;
        try {
            master = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Refusing to start: a configured secret is not valid base64 (" + source
                    + ")");
        }
        if (master.length != 32) {
            throw new IllegalStateException("Refusing to start: the master key must be 32 bytes (base64 of them) ("
                    + source + ")");
        }
        if (java.util.Arrays.equals(master, new byte[32])) {
            throw new IllegalStateException("Refusing to start: the master key is all zeros (" + source + ")");
        }
        return new SecretKeySpec(master, "AES");
    }
}
