package org.consilium.identity;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the service keeps of an account about its holder, as they may download it: never a password's hash, a
 * second factor's key, a token or a link.
 */
public record AccountProfile(String email, String displayName, Role role, Instant createdAt,
        @Nullable Instant emailVerifiedAt, String privacyNoticeVersion, String termsVersion, Instant acceptedAt,
        boolean secondFactor) {
}
