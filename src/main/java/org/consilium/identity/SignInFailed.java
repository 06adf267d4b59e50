package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * A sign-in did not succeed: a wrong password (the account is named when the email has one), an unknown email (no
 * account named, and the email itself is not kept), or an attempt refused while sign-in is slowed down.
 *
 * @param reason {@code wrong-password}, {@code unknown-email} or {@code throttled}
 */
public record SignInFailed(@Nullable UserId accountId, @Nullable Role role, String channel, String reason,
        Instant at) {
}
