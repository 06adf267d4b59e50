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
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.consilium.platform.ConsiliumProperties;
import org.consilium.platform.KeyRing;
import org.consilium.shared.Sha256;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the service's keys from configuration. The demo profile generates missing ones into
 * {@code <data-dir>/secrets} on first start; any other profile refuses to start without them.
 */
@Configuration(proxyBeanMethods = false)
class KeyRingConfiguration {

    @Bean
    KeyRing keyRing(ConsiliumProperties properties) throws IOException, GeneralSecurityException {
        // The first thing a start does with the data directory: make it and its secrets private again, in case a
        // copy or an older version left them open to other local accounts.
        DataDirectory.tighten(properties.dataDir());
        ConsiliumProperties.Secrets secrets = properties.secrets();
        Path folder = properties.dataDir().resolve(DataDirectory.SECRETS);
        String master = orGenerated(secrets.masterKey(), secrets.generate(), folder.resolve("master.key"),
                KeyRingConfiguration::newMasterKey, "CONSILIUM_SECRETS_MASTER_KEY");
        String signing = orGenerated(secrets.signingKey(), secrets.generate(), folder.resolve("signing-ed25519.key"),
                KeyRingConfiguration::newSigningKey, "CONSILIUM_SECRETS_SIGNING_KEY");
        return load(master, signing);
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

    static KeyRing load(String masterBase64, String signingBase64) throws GeneralSecurityException {
        byte[] master;
        byte[] signing;
        try {
            master = Base64.getDecoder().decode(masterBase64);
            signing = Base64.getDecoder().decode(signingBase64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Refusing to start: a configured secret is not valid base64");
        }
        if (master.length != 32) {
            throw new IllegalStateException("Refusing to start: the master key must be 32 bytes (base64 of them)");
        }
        if (java.util.Arrays.equals(master, new byte[32])) {
            throw new IllegalStateException("Refusing to start: the master key is all zeros");
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
        SecretKey masterKey = new SecretKeySpec(master, "AES");
        KeyPair pair = new KeyPair(publicKey, privateKey);
        String keyId = Sha256.hex(publicKey.getEncoded()).substring(0, 16);
        SecretKey auditKey = new SecretKeySpec(hkdf(master, "consilium audit chain v1"), "HmacSHA256");
        SecretKey accountSecretsKey = new SecretKeySpec(hkdf(master, "consilium account secrets v1"), "AES");
        String auditKeyId = HexFormat.of().formatHex(hmac(auditKey.getEncoded(), "key id".getBytes(
                StandardCharsets.US_ASCII))).substring(0, 16);
        return new KeyRing() {
            @Override
            public SecretKey masterKey() {
                return masterKey;
            }

            @Override
            public KeyPair signingKey() {
                return pair;
            }

            @Override
            public String signingKeyId() {
                return keyId;
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
        };
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

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
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
