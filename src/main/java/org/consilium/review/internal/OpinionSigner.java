package org.consilium.review.internal;

import java.security.SecureRandom;
import org.consilium.platform.KeyRing;
import org.consilium.shared.Sha256;
import org.springframework.stereotype.Component;

/** Hashes and signs a canonical document with the service's Ed25519 key, and checks such signatures. */
@Component
public class OpinionSigner {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final KeyRing keys;

    OpinionSigner(KeyRing keys) {
        this.keys = keys;
    }

    /** The SHA-256, hex, of the document's UTF-8 bytes. */
    public String sha256(String document) {
        return Sha256.hex(document);
    }

    public String sign(String document) {
        return keys.sign(document);
    }

    public boolean verify(String document, String signatureBase64) {
        return keys.verifies(document, signatureBase64);
    }

    public String keyId() {
        return keys.signingKeyId();
    }

    /** A verification code of 160 random bits in lower-case base32: hard to guess, easy to type. */
    public String verificationCode() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        StringBuilder code = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                code.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return code.toString();
    }
}
