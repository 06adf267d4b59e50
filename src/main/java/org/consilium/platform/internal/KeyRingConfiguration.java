package org.consilium.platform.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.consilium.platform.ConsiliumProperties;
import org.consilium.shared.Sha256;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the service's keys from configuration. The demo profile generates missing ones into
 * {@code <data-dir>/secrets} on first start; any other profile refuses to start without them. Which master key has
 * which version is the database's to say: see {@link RegisteredKeyRing}.
 */
@Configuration(proxyBeanMethods = false)
class KeyRingConfiguration {

    @Bean
    ConfiguredKeys configuredKeys(ConsiliumProperties properties) throws IOException, GeneralSecurityException {
        // The first thing a start does with the data directory: make it and its secrets private again, in case a
        // copy or an older version left them open to other local accounts.
        DataDirectory.tighten(properties.dataDir());
        ConsiliumProperties.Secrets secrets = properties.secrets();
        Path folder = properties.dataDir().resolve(DataDirectory.SECRETS);
        String signing = orGenerated(secrets.signingKey(), secrets.generate(), folder.resolve("signing-ed25519.key"),
                KeyRingConfiguration::newSigningKey, "CONSILIUM_SECRETS_SIGNING_KEY");
        List<SecretKey> masters = new ArrayList<>();
        Set<String> newcomers = new HashSet<>();
        Map<String, Path> files = new HashMap<>();
        boolean configured = secrets.masterKey() != null && !secrets.masterKey().isBlank();
        if (configured || !secrets.generate()) {
            String master = orGenerated(secrets.masterKey(), false, folder.resolve(ConfiguredKeys.MASTER_FILE),
                    KeyRingConfiguration::newMasterKey, "CONSILIUM_SECRETS_MASTER_KEY");
            SecretKey key = ConfiguredKeys.masterKey(master, "CONSILIUM_SECRETS_MASTER_KEY");
            masters.add(key);
            newcomers.add(ConfiguredKeys.keyId(key.getEncoded()));
        } else {
            // The demo's files: master.key, and master-v<N>.key for each key a rotation made, but retired ones.
            List<Path> present = new ArrayList<>();
            if (Files.isDirectory(folder)) {
                try (var entries = Files.list(folder)) {
                    entries.filter(ConfiguredKeys::isMasterKeyFile).sorted().forEach(present::add);
                }
            }
            if (present.isEmpty()) {
                String value = orGenerated(null, true, folder.resolve(ConfiguredKeys.MASTER_FILE),
                        KeyRingConfiguration::newMasterKey, "CONSILIUM_SECRETS_MASTER_KEY");
                present.add(folder.resolve(ConfiguredKeys.MASTER_FILE));
                ConfiguredKeys.masterKey(value, "master.key");
            }
            // master.key, the installation's first, comes first: it is version 1 of a database that knows none.
            present.sort(java.util.Comparator.comparing(
                    (Path f) -> !f.getFileName().toString().equals(ConfiguredKeys.MASTER_FILE)).thenComparing(
                    f -> f.getFileName().toString().length()).thenComparing(Path::toString));
            for (Path file : present) {
                SecretKey key = ConfiguredKeys.masterKey(ConfiguredKeys.read(file), file.getFileName().toString());
                String id = ConfiguredKeys.keyId(key.getEncoded());
                masters.add(key);
                newcomers.add(id);
                files.put(id, file);
            }
        }
        for (String previous : secrets.previousMasterKeys()) {
            if (!previous.isBlank()) {
                masters.add(ConfiguredKeys.masterKey(previous, "CONSILIUM_SECRETS_PREVIOUS_MASTER_KEYS"));
            }
        }
        return load(masters, newcomers, files, signing, secrets.generate() && !configured ? folder : null);
    }

    private interface Generator {
        String generate() throws GeneralSecurityException;
    }

    private static String orGenerated(@Nullable String configured, boolean generate, Path file, Generator generator,
            String variable) throws IOException, GeneralSecurityException {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        if (!generate) {
            throw new IllegalStateException("Refusing to start: the secret " + variable
                    + " is not set. Production needs its own keys; see docs/operations.md.");
        }
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        Path blobs = file.getParent().resolveSibling("blobs");
        if (Files.isDirectory(blobs)) {
            try (var entries = Files.list(blobs)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException("Refusing to start: " + file + " is missing but " + blobs
                            + " holds stored files that only the old keys can open. Restore the secrets folder "
                            + "from backup, or set " + variable + ".");
                }
            }
        }
        String value = generator.generate();
        SecretFiles.write(file, value);
        return value;
    }

    private static String newMasterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String newSigningKey() throws GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
    }

    /** The keys of a configuration with one master key and no secrets folder: for tests and checks. */
    static ConfiguredKeys load(String masterBase64, String signingBase64) throws GeneralSecurityException {
        SecretKey master = ConfiguredKeys.masterKey(masterBase64, "CONSILIUM_SECRETS_MASTER_KEY");
        return load(List.of(master), Set.of(ConfiguredKeys.keyId(master.getEncoded())), Map.of(), signingBase64,
                null);
    }

    private static ConfiguredKeys load(List<SecretKey> masters, Set<String> newcomers, Map<String, Path> files,
            String signingBase64, @Nullable Path folder) throws GeneralSecurityException {
        byte[] signing;
        try {
            signing = Base64.getDecoder().decode(signingBase64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Refusing to start: a configured secret is not valid base64");
        }
        PrivateKey privateKey;
        PublicKey publicKey;
        try {
            privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(signing));
            publicKey = publicKeyOf(privateKey);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("Refusing to start: the signing key is not an Ed25519 private key in "
                    + "PKCS#8 (base64 of its DER bytes)", e);
        }
        KeyPair pair = new KeyPair(publicKey, privateKey);
        String keyId = Sha256.hex(publicKey.getEncoded()).substring(0, 16);
        return new ConfiguredKeys(masters, newcomers, files, pair, keyId, folder);
    }

    /** HKDF-SHA256 (RFC 5869) of one 32-byte key, with no salt, for the given purpose. */
    static byte[] hkdf(byte[] inputKey, String info) throws GeneralSecurityException {
        byte[] pseudoRandomKey = hmac(new byte[32], inputKey);
        byte[] infoBytes = info.getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[infoBytes.length + 1];
        System.arraycopy(infoBytes, 0, block, 0, infoBytes.length);
        block[infoBytes.length] = 1;
        return hmac(pseudoRandomKey, block);
    }

    static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /**
     * The JDK cannot derive an EdDSA public key from a PKCS#8 v1 private key, so the public key is computed by signing
     * nothing: generating a pair from the private key's seed with a fixed "random" source that hands out the seed.
     */
    private static PublicKey publicKeyOf(PrivateKey privateKey) throws GeneralSecurityException {
        byte[] seed = ((java.security.interfaces.EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new IllegalStateException("Refusing to start: the signing key has no seed"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(255, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        return generator.generateKeyPair().getPublic();
    }
}
