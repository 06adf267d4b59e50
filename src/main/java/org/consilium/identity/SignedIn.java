package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.UserId;

/** Someone proved who they are, in the browser or for an API token. */
public record SignedIn(UserId accountId, Role role, String channel, Instant at) {
}
