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
 * @param firstFactor what was proved already: the password, or the identity provider's sign-in (single sign-on)
 */
public record PendingSecondFactor(UserId account, String returnTo, Instant since, AuthMethod firstFactor)
        implements Serializable {

    /** After a right password. */
    public PendingSecondFactor(UserId account, String returnTo, Instant since) {
        this(account, returnTo, since, AuthMethod.PASSWORD);
    }

    public PendingSecondFactor {
        // A session kept from before the first factor was recorded had a password.
        firstFactor = firstFactor == null ? AuthMethod.PASSWORD : firstFactor;
    }

    public static final String ATTRIBUTE = PendingSecondFactor.class.getName();
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    public boolean liveAt(Instant now) {
        return now.isBefore(since.plus(LIFETIME));
    }
}
