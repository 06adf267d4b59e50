package org.consilium.platform;

import java.security.KeyPair;
import javax.crypto.SecretKey;

/** The service's own keys. Never logged, never shown. */
public interface KeyRing {

    /** AES-256 key that wraps per-file data keys. */
    SecretKey masterKey();

    /** Ed25519 key pair that signs opinions. */
    KeyPair signingKey();

    /** A short fingerprint of the signing public key, stored beside each signature. */
    String signingKeyId();

    /** The Ed25519 signature, base64, of the text's UTF-8 bytes, made with the service's signing key. */
    default String sign(String text) {
        try {
            java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
            signer.initSign(signingKey().getPrivate());
            signer.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.Base64.getEncoder().encodeToString(signer.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("could not sign with the service's key", e);
        }
    }

    /** Whether the base64 signature is the service's own over the text; false for anything malformed. */
    default boolean verifies(String text, String signatureBase64) {
        try {
            java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
            verifier.initVerify(signingKey().getPublic());
            verifier.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return verifier.verify(java.util.Base64.getDecoder().decode(signatureBase64));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * HMAC-SHA256 key of the audit chain, derived from the master key (HKDF), so it lives outside the database: a copy
     * of the database cannot rewrite the chain so that it still verifies.
     */
    SecretKey auditKey();

    /** A short fingerprint of the audit key, stored with each link of the chain. */
    String auditKeyId();

    /**
     * AES-256 key that seals the account secrets the service must read back (authenticator-app keys), derived from
     * the master key (HKDF), so a copy of the database holds them only sealed.
     */
    SecretKey accountSecretsKey();
}
