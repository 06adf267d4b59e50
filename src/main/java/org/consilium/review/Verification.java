package org.consilium.review;

import java.time.Instant;

/**
 * What anyone holding a verification code may learn: which report, for which case reference, signed by whom and
 * when, whether it is the current version, and whether the signature checks out. No clinical content.
 */
public record Verification(String caseReference, String reportKind, String signerName, Instant signedAt,
        boolean current, boolean signatureValid) {
}
