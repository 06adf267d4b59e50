package org.consilium.identity;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import org.consilium.shared.UserId;

/**
 * A browser sign-in whose password was right, waiting for the second factor: kept in the session, which is not signed
 * in until the code is. It lapses after {@link #LIFETIME}.
 *
 * @param returnTo the page to go to once signed in
 */
public record PendingSecondFactor(UserId account, String returnTo, Instant since) implements Serializable {

    public static final String ATTRIBUTE = PendingSecondFactor.class.getName();
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    public boolean liveAt(Instant now) {
        return now.isBefore(since.plus(LIFETIME));
    }
}
