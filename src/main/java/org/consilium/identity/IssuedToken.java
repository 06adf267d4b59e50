package org.consilium.identity;

import java.time.Duration;

/** An opaque bearer token, shown once to its holder; only its hash is stored. */
public record IssuedToken(String accessToken, Duration lifetime) {
}
