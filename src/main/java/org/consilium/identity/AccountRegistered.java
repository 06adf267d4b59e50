package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.UserId;

/** A new account exists, with the privacy notice and terms versions its holder accepted. */
public record AccountRegistered(UserId accountId, Role role, String privacyNoticeVersion, String termsVersion,
        Instant at) {
}
