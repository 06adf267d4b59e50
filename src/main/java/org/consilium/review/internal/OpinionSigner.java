package org.consilium.review.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
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
        try {
            java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
            signer.initSign(keys.signingKey().getPrivate());
            signer.update(document.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign", e);
        }
    }

    public boolean verify(String document, String signatureBase64) {
        try {
            java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
            verifier.initVerify(keys.signingKey().getPublic());
            verifier.update(document.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
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
