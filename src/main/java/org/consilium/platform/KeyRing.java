package org.consilium.platform;

import java.security.KeyPair;
import javax.crypto.SecretKey;

/**
 * The service's own keys. Never logged, never shown. Master keys have versions: one is current and wraps every new
 * data key; during a rotation ({@link MasterKeyRotation}) the ring also holds the versions it is moving away from, so
 * every wrapped key opens under the version its row names.
 */
public interface KeyRing {

    /** The version of the master key that wraps new data keys now. */
    int masterKeyVersion();

    /**
     * The current version, held until the caller's transaction ends: no rotation makes another version current
     * meanwhile. For whoever stores, in that transaction, a key wrapped under it.
     *
     * @throws IllegalStateException outside a transaction
     */
    int holdMasterKeyVersion();

    /**
     * The AES-256 master key of that version.
     *
     * @throws IllegalStateException when the ring does not hold it (retired, or not configured on this instance)
     */
    SecretKey masterKey(int version);

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
     * HMAC-SHA256 key of the audit chain. It outlives master keys: stored sealed under the current master key and
     * sealed again by every rotation, so a copy of the database alone cannot rewrite the chain so that it still
     * verifies.
     */
    SecretKey auditKey();

    /** A short fingerprint of the audit key, stored with each link of the chain. */
    String auditKeyId();

    /**
     * AES-256 key that seals the account secrets the service must read back (authenticator-app keys); like the audit
     * key, stored sealed under the current master key, so a copy of the database holds them only sealed.
     */
    SecretKey accountSecretsKey();
}
