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

    /**
     * HMAC-SHA256 key of the audit chain, derived from the master key (HKDF), so it lives outside the database: a copy
     * of the database cannot rewrite the chain so that it still verifies.
     */
    SecretKey auditKey();

    /** A short fingerprint of the audit key, stored with each link of the chain. */
    String auditKeyId();
}
