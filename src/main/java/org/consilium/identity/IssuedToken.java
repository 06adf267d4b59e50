package org.consilium.identity;

import java.time.Duration;

/**
 * An opaque bearer token and the refresh token that renews it, shown once to their holder; only their hashes are
 * stored.
 */
public record IssuedToken(String accessToken, Duration lifetime, String refreshToken) {
}
