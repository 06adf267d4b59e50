package org.consilium.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.consilium.identity.internal.SignInThrottle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts a check of something only the account's holder knows (a password, a code) against the account and the client
 * address, in a short transaction of its own, before the check runs: the same counts as sign-in's.
 */
@Component
class SignInAttempts {

    private final SignInThrottle throttle;
    private final Clock clock;
    private final TransactionTemplate transactions;

    SignInAttempts(SignInThrottle throttle, Clock clock, PlatformTransactionManager transactionManager) {
        this.throttle = throttle;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * @throws SignInThrottledException when the check has to wait
     */
    void count(String normalisedEmail, String clientAddress) {
        Instant attempted = clock.instant();
        Optional<Instant> waitUntil = transactions.execute(status -> throttle.attempt(normalisedEmail, clientAddress,
                attempted));
        if (Objects.requireNonNull(waitUntil).isPresent()) {
            throw new SignInThrottledException(IdentityManagement.retryAfter(attempted, waitUntil.get()));
        }
    }
}
