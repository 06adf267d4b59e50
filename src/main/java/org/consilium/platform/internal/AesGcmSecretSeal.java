package org.consilium.platform.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.consilium.platform.KeyRing;
import org.consilium.shared.SecretSeal;
import org.springframework.stereotype.Component;

/**
 * Seals with AES-256-GCM under the key ring's account-secrets key: a random 96-bit nonce, then the ciphertext and its
 * tag; the context is the additional authenticated data, so a value opens only where it was sealed.
 */
@Component
class AesGcmSecretSeal implements SecretSeal {

    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyRing keys;

    AesGcmSecretSeal(KeyRing keys) {
        this.keys = keys;
    }

    @Override
    public byte[] seal(byte[] secret, String context) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.accountSecretsKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not seal a secret", e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, String context) {
        if (sealed.length < NONCE + TAG_BITS / 8) {
            throw new IllegalStateException("not a sealed secret");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keys.accountSecretsKey(),
                    new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the secret does not open under this key and context", e);
        }
    }
}
