package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.UserId;

/** Someone signed out of the browser, or revoked their API token. */
public record SignedOut(UserId accountId, Role role, String channel, Instant at) {
}
