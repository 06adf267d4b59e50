package org.consilium.identity;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A passkey authenticator in software, for tests: a real P-256 key pair, the authenticator data and "none" attestation
 * a device makes (encoded by WebAuthn4J's own converters), and ES256 signatures over each challenge, so the server's
 * relying party verifies them exactly as it verifies a phone's. It verifies its user (the UV flag) unless told not to.
 */
public final class SoftwarePasskey {

    private static final ObjectConverter CONVERTER = new ObjectConverter();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte UP = 0x01;
    private static final byte UV = 0x04;
    private static final byte AT = 0x40;

    private final String origin;
    private final KeyPair keys;
    private final byte[] credentialId = new byte[32];
    private byte[] userHandle = new byte[0];
    private long counter;
    private boolean verifiesUser = true;

    /** @param origin where the browser would be: {@code http://localhost:8080} */
    public SoftwarePasskey(String origin) {
        this.origin = origin;
        new SecureRandom().nextBytes(credentialId);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on, it signs without verifying its user (no PIN, no fingerprint). */
    public SoftwarePasskey withoutUserVerification() {
        verifiesUser = false;
        return this;
    }

    /** Sets the signature counter, as a cloned authenticator would replay an old one. */
    public SoftwarePasskey counter(long value) {
        counter = value;
        return this;
    }

    public String id() {
        return b64(credentialId);
    }

    /** Answers registration options (the server's JSON) with a new credential, as the browser's JSON. */
    public String register(String creationOptions) {
        JsonNode options = JSON.readTree(creationOptions);
        userHandle = Base64.getUrlDecoder().decode(options.get("user").get("id").asString());
        String rpId = options.get("rp").get("id").asString();
        byte[] clientData = clientData(origin, "webauthn.create", options.get("challenge").asString());
        AuthenticatorData<?> authData = new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)),
                flags(true), counter, new AttestedCredentialData(AAGUID.ZERO, credentialId,
                        EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256)));
        @SuppressWarnings("unchecked")
        byte[] attestation = new AttestationObjectConverter(CONVERTER).convertToBytes(new AttestationObject(
                (AuthenticatorData<com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput>)
                        (AuthenticatorData<?>) authData, new NoneAttestationStatement()));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", b64(clientData));
        response.put("attestationObject", b64(attestation));
        response.put("transports", java.util.List.of("internal"));
        return credential(response);
    }

    /** Answers request options (the server's JSON) with a signed assertion, as the browser's JSON. */
    public String sign(String requestOptions) {
        return signFrom(origin, requestOptions);
    }

    /** As {@link #sign}, in a browser at another origin: what a phishing site relays. */
    public String signFrom(String browserOrigin, String requestOptions) {
        JsonNode options = JSON.readTree(requestOptions);
        String rpId = options.get("rpId").asString();
        byte[] clientData = clientData(browserOrigin, "webauthn.get", options.get("challenge").asString());
        counter++;
        @SuppressWarnings({"rawtypes", "unchecked"})
        byte[] authData = new AuthenticatorDataConverter(CONVERTER).convert(new AuthenticatorData(
                sha256(rpId.getBytes(StandardCharsets.UTF_8)), flags(false), counter));
        byte[] signature;
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(keys.getPrivate());
            ecdsa.update(authData);
            ecdsa.update(sha256(clientData));
            signature = ecdsa.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", b64(clientData));
        response.put("authenticatorData", b64(authData));
        response.put("signature", b64(signature));
        response.put("userHandle", b64(userHandle));
        return credential(response);
    }

    private String credential(Map<String, Object> response) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", b64(credentialId));
        credential.put("rawId", b64(credentialId));
        credential.put("type", "public-key");
        credential.put("response", response);
        credential.put("clientExtensionResults", Map.of());
        credential.put("authenticatorAttachment", "platform");
        return JSON.writeValueAsString(credential);
    }

    private static byte[] clientData(String origin, String type, String challenge) {
        return JSON.writeValueAsString(Map.of("type", type, "challenge", challenge, "origin", origin,
                "crossOrigin", false)).getBytes(StandardCharsets.UTF_8);
    }

    private byte flags(boolean attested) {
        return (byte) (UP | (verifiesUser ? UV : 0) | (attested ? AT : 0));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
