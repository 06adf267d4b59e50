package org.consilium.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import org.consilium.platform.ConsiliumProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingConfigurationTests {

    private static final String MASTER_KEY = base64(bytes(32, 7));

    @TempDir
    Path dataDir;

    @Test
    void the_public_key_derived_from_a_pkcs8_signing_key_verifies_its_signatures() throws Exception {
        // given
        KeyPair generated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String signingKey = base64(generated.getPrivate().getEncoded());
        byte[] document = "{\"opinionId\":\"42\"}".getBytes(StandardCharsets.UTF_8);

        // when
        ConfiguredKeys ring = KeyRingConfiguration.load(MASTER_KEY, signingKey);

        // then
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(ring.signingKey().getPrivate());
        signer.update(document);
        byte[] signature = signer.sign();
        assertThat(verifies(ring, document, signature)).isTrue();
        assertThat(verifies(ring, "{\"opinionId\":\"43\"}".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(ring.signingKey().getPublic().getEncoded()).isEqualTo(generated.getPublic().getEncoded());
    }

    @Test
    void the_master_key_is_the_configured_aes_key_and_the_key_id_a_fingerprint() throws Exception {
        // given
        String signingKey = newSigningKey();

        // when
        ConfiguredKeys ring = KeyRingConfiguration.load(MASTER_KEY, signingKey);
        ConfiguredKeys again = KeyRingConfiguration.load(MASTER_KEY, signingKey);
        ConfiguredKeys other = KeyRingConfiguration.load(MASTER_KEY, newSigningKey());

        // then
        assertThat(ring.primary().getAlgorithm()).isEqualTo("AES");
        assertThat(ring.primary().getEncoded()).isEqualTo(bytes(32, 7));
        assertThat(ring.signingKeyId()).matches("[0-9a-f]{16}").isEqualTo(again.signingKeyId());
        assertThat(other.signingKeyId()).isNotEqualTo(ring.signingKeyId());
    }

    @Test
    void a_16_byte_master_key_is_refused() throws Exception {
        // given
        String shortKey = base64(bytes(16, 7));
        String signingKey = newSigningKey();

        // when / then
        assertThatThrownBy(() -> KeyRingConfiguration.load(shortKey, signingKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be 32 bytes");
    }

    @Test
    void a_signing_key_that_is_not_ed25519_pkcs8_is_refused_with_a_clear_message() throws Exception {
        // given random bytes, and a real key of the wrong curve
        String random = base64(bytes(48, 3));
        String ed448 = base64(java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate()
                .getEncoded());

        // when / then
        for (String wrong : java.util.List.of(random, ed448)) {
            assertThatThrownBy(() -> KeyRingConfiguration.load(MASTER_KEY, wrong))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Refusing to start: the signing key is not an Ed25519 private key in PKCS#8 "
                            + "(base64 of its DER bytes)");
        }
    }

    @Test
    void an_all_zero_master_key_is_refused() throws Exception {
        // given
        String zeros = base64(new byte[32]);
        String signingKey = newSigningKey();

        // when / then
        assertThatThrownBy(() -> KeyRingConfiguration.load(zeros, signingKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("all zeros");
    }

    @Test
    void a_secret_that_is_not_base64_is_refused_without_repeating_it() throws Exception {
        // given
        String notBase64 = "not base64 at all: s3cr3t!";
        String signingKey = newSigningKey();

        // when / then
        assertThatThrownBy(() -> KeyRingConfiguration.load(notBase64, signingKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not valid base64")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> KeyRingConfiguration.load(MASTER_KEY, notBase64))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not valid base64");
    }

    @Test
    void without_generation_a_missing_master_key_stops_the_start_naming_its_variable() {
        // given
        ConsiliumProperties properties = properties(null, newSigningKeyUnchecked(), false);

        // when / then
        assertThatThrownBy(() -> new KeyRingConfiguration().configuredKeys(properties))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CONSILIUM_SECRETS_MASTER_KEY");
        assertThat(dataDir.resolve("secrets")).doesNotExist();
    }

    @Test
    void without_generation_a_missing_or_blank_signing_key_stops_the_start_naming_its_variable() {
        // given
        ConsiliumProperties missing = properties(MASTER_KEY, null, false);
        ConsiliumProperties blank = properties(MASTER_KEY, "   ", false);

        // when / then
        assertThatThrownBy(() -> new KeyRingConfiguration().configuredKeys(missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CONSILIUM_SECRETS_SIGNING_KEY");
        assertThatThrownBy(() -> new KeyRingConfiguration().configuredKeys(blank))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CONSILIUM_SECRETS_SIGNING_KEY");
    }

    @Test
    void configured_keys_are_used_as_given_and_nothing_is_written() throws Exception {
        // given
        String signingKey = newSigningKey();
        ConsiliumProperties properties = properties(" " + MASTER_KEY + "\n", signingKey, true);

        // when
        ConfiguredKeys ring = new KeyRingConfiguration().configuredKeys(properties);

        // then
        assertThat(ring.primary().getEncoded()).isEqualTo(bytes(32, 7));
        assertThat(ring.signingKeyId()).isEqualTo(KeyRingConfiguration.load(MASTER_KEY, signingKey).signingKeyId());
        assertThat(dataDir.resolve("secrets")).doesNotExist();
    }

    @Test
    void with_generation_missing_keys_are_written_privately_and_read_back_on_the_next_start() throws Exception {
        // given
        ConsiliumProperties properties = properties(null, null, true);

        // when
        ConfiguredKeys first = new KeyRingConfiguration().configuredKeys(properties);
        ConfiguredKeys second = new KeyRingConfiguration().configuredKeys(properties);

        // then
        Path master = dataDir.resolve("secrets/master.key");
        Path signing = dataDir.resolve("secrets/signing-ed25519.key");
        assertThat(master).isRegularFile();
        assertThat(signing).isRegularFile();
        assertThat(Files.getPosixFilePermissions(master)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(signing)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Base64.getDecoder().decode(Files.readString(master).strip())).hasSize(32);
        assertThat(second.primary().getEncoded()).isEqualTo(first.primary().getEncoded());
        assertThat(second.signingKey().getPublic().getEncoded())
                .isEqualTo(first.signingKey().getPublic().getEncoded());
        assertThat(second.signingKeyId()).isEqualTo(first.signingKeyId());
    }

    private ConsiliumProperties properties(String masterKey, String signingKey, boolean generate) {
        return new ConsiliumProperties(dataDir, new ConsiliumProperties.Db(null, null, null, null, null, false),
                new ConsiliumProperties.Secrets(masterKey, signingKey, generate, java.util.List.of()),
                new ConsiliumProperties.Limits(org.springframework.util.unit.DataSize.ofMegabytes(1), 3,
                        org.springframework.util.unit.DataSize.ofGigabytes(2), 30), java.util.List.of(), null);
    }

    private static boolean verifies(ConfiguredKeys ring, byte[] document, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(ring.signingKey().getPublic());
        verifier.update(document);
        return verifier.verify(signature);
    }

    private static String newSigningKey() throws GeneralSecurityException {
        return base64(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
    }

    private static String newSigningKeyUnchecked() {
        try {
            return newSigningKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void the_audit_key_is_derived_with_hkdf_as_rfc_5869_computes_it() {
        // given RFC 5869's test case 3 (no salt, no info): the first 32 bytes of its output key material
        byte[] inputKey = new byte[22];
        java.util.Arrays.fill(inputKey, (byte) 0x0b);

        // when
        byte[] derived = assertDoesNotThrowAndGet(() -> KeyRingConfiguration.hkdf(inputKey, ""));

        // then
        assertThat(java.util.HexFormat.of().formatHex(derived))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
    }

    @Test
    void the_derived_secrets_depend_on_the_master_key_differ_by_purpose_and_are_not_the_master_key() {
        // given two master keys
        byte[] master = new byte[32];
        master[0] = 1;
        byte[] other = new byte[32];
        other[0] = 2;

        // when
        byte[] audit = RegisteredKeyRing.derived(master, RegisteredKeyRing.AUDIT_CHAIN);
        byte[] accounts = RegisteredKeyRing.derived(master, RegisteredKeyRing.ACCOUNT_SECRETS);

        // then
        assertThat(audit).hasSize(32).isNotEqualTo(master).isNotEqualTo(accounts)
                .isNotEqualTo(RegisteredKeyRing.derived(other, RegisteredKeyRing.AUDIT_CHAIN));
        assertThat(RegisteredKeyRing.auditKeyId(audit)).matches("[0-9a-f]{16}")
                .isNotEqualTo(RegisteredKeyRing.auditKeyId(accounts));
    }

    @Test
    void a_master_key_id_names_the_key_without_revealing_it() {
        // when
        String id = ConfiguredKeys.keyId(bytes(32, 7));

        // then
        assertThat(id).matches("[0-9a-f]{16}").isEqualTo(ConfiguredKeys.keyId(bytes(32, 7)))
                .isNotEqualTo(ConfiguredKeys.keyId(bytes(32, 8)));
    }

    @Test
    void the_demo_loads_every_master_key_file_but_retired_ones_and_the_first_key_comes_first() throws Exception {
        // given the files a rotation from version 1 to 2 to 3 left, the first two retired, and one of 3 to 4 under way
        Path secrets = dataDir.resolve("secrets");
        Files.createDirectories(secrets);
        Files.writeString(secrets.resolve("master.key.retired"), base64(bytes(32, 1)));
        Files.writeString(secrets.resolve("master-v2.key.retired"), base64(bytes(32, 2)));
        Files.writeString(secrets.resolve("master-v3.key"), base64(bytes(32, 3)));
        Files.writeString(secrets.resolve("master-v4.key"), base64(bytes(32, 4)));

        // when
        ConfiguredKeys keys = new KeyRingConfiguration().configuredKeys(properties(null, null, true));

        // then
        assertThat(keys.masterKeyIds()).containsExactlyInAnyOrder(ConfiguredKeys.keyId(bytes(32, 3)),
                ConfiguredKeys.keyId(bytes(32, 4)));
        assertThat(keys.primaryId()).isEqualTo(ConfiguredKeys.keyId(bytes(32, 3)));
        assertThat(keys.generates()).isTrue();
        assertThat(secrets.resolve("master.key")).doesNotExist();
    }

    @Test
    void previous_master_keys_from_the_settings_are_held_but_never_become_a_new_version() throws Exception {
        // given
        ConsiliumProperties properties = new ConsiliumProperties(dataDir,
                new ConsiliumProperties.Db(null, null, null, null, null, false),
                new ConsiliumProperties.Secrets(MASTER_KEY, newSigningKey(), false, java.util.List.of(
                        base64(bytes(32, 9)))),
                new ConsiliumProperties.Limits(org.springframework.util.unit.DataSize.ofMegabytes(1), 3,
                        org.springframework.util.unit.DataSize.ofGigabytes(2), 30), java.util.List.of(), null);

        // when
        ConfiguredKeys keys = new KeyRingConfiguration().configuredKeys(properties);

        // then
        assertThat(keys.masterKey(ConfiguredKeys.keyId(bytes(32, 9)))).isPresent();
        assertThat(keys.newcomers()).containsExactly(ConfiguredKeys.keyId(bytes(32, 7)));
        assertThat(keys.primaryId()).isEqualTo(ConfiguredKeys.keyId(bytes(32, 7)));
        assertThat(keys.generates()).isFalse();
    }

    private interface Derivation {
        byte[] derive() throws Exception;
    }

    private static byte[] assertDoesNotThrowAndGet(Derivation derivation) {
        try {
            return derivation.derive();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
