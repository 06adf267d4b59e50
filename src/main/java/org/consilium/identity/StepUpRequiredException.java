package org.consilium.identity;

import java.time.Duration;

/**
 * A guarded action needs a more recent authentication than the caller's (RFC 9470): in the API a 401 with
 * {@code error="insufficient_user_authentication"} and the {@code max_age} allowed; in the browser a prompt to prove
 * again who they are, which then returns to the action.
 */
public final class StepUpRequiredException extends RuntimeException {

    private final String action;
    private final Duration maxAge;

    StepUpRequiredException(String action, Duration maxAge) {
        super(action + " needs an authentication at most " + maxAge.toSeconds() + " seconds old");
        this.action = action;
        this.maxAge = maxAge;
    }

    /** What the caller was about to do, in words for a person: "Signing the opinion". */
    public String action() {
        return action;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** The age allowed, for a person: "5 minutes", "90 seconds". */
    public String maxAgeInWords() {
        long seconds = maxAge.toSeconds();
        return seconds % 60 == 0 ? plural(seconds / 60, "minute") : plural(seconds, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
