package org.consilium.identity;

import java.time.Clock;
import java.time.Duration;
import org.consilium.shared.ForbiddenActionException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Guards the actions that must not ride on a sign-in that may be hours old or a token that may have been copied:
 * signing an opinion, exporting a patient's data, administering accounts and centers. Each needs its caller to have
 * proved who they are at most {@link #maxAge()} ago (five minutes unless configured), at sign-in or by stepping up.
 * Operator commands always pass: they run with the data directory in hand.
 */
@Component
public class StepUp {

    private final Clock clock;
    private final Duration maxAge;

    StepUp(Clock clock, @Value("${consilium.security.step-up-max-age:5m}") Duration maxAge) {
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /**
     * Answers how the caller authenticated, when they did recently enough for {@code action}.
     *
     * @param action what is guarded, in words for a person ("Signing the opinion"), for the prompt
     * @throws StepUpRequiredException when they did not, or it is not known when they did
     * @throws ForbiddenActionException for a personal access token, which no step-up makes recent
     */
    public AuthenticationContext require(AccessScope scope, String action) {
        @Nullable AuthenticationContext authentication = scope.authentication();
        if (authentication != null && authentication.methods().contains(AuthMethod.PERSONAL_TOKEN)) {
            // No step-up could help: say so, rather than send the integration to one it cannot take.
            throw new ForbiddenActionException(inSentence(action)
                    + " cannot be done with a personal access token; sign in to do it");
        }
        if (authentication == null || !authentication.recentAt(clock.instant(), maxAge)) {
            throw new StepUpRequiredException(action, maxAge);
        }
        return authentication;
    }

    /** Whether a guarded action would pass now, for pages that ask before offering one. */
    public boolean recent(AccessScope scope) {
        @Nullable AuthenticationContext authentication = scope.authentication();
        return authentication != null && !authentication.methods().contains(AuthMethod.PERSONAL_TOKEN)
                && authentication.recentAt(clock.instant(), maxAge);
    }

    /** A guarded action's words within a sentence: "Signing the opinion" becomes "signing the opinion". */
    static String inSentence(String action) {
        return action.isEmpty() ? action : Character.toLowerCase(action.charAt(0)) + action.substring(1);
    }

    /** How old an authentication a guarded action takes at most. */
    public Duration maxAge() {
        return maxAge;
    }
}
