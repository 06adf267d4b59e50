package org.consilium.review;

import java.time.Instant;
import org.consilium.shared.UserId;

/**
 * The seal on a signed opinion: the SHA-256 of its canonical JSON (RFC 8785), the service's Ed25519 signature over
 * that JSON, which key made it, who signed and how they had authenticated, and the code that verifies it.
 */
public record Signature(String contentSha256, String signatureBase64, String keyId, UserId signerId,
        String signerName, String authenticationMethod, Instant signedAt, String verificationCode) {
}
