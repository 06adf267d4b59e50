package org.consilium.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * When and how the person behind a request last proved who they are (RFC 9470's {@code auth_time} and {@code amr}):
 * set at sign-in and at each step-up, carried by the access tokens and refresh tokens of that sign-in and by its
 * browser session. A guarded action (signing, exporting, administering) needs one at most a few minutes old.
 *
 * @param at when they proved it
 * @param methods how, all the factors of that proof
 */
public record AuthenticationContext(Instant at, Set<AuthMethod> methods) implements java.io.Serializable {

    /** Where a browser session keeps its holder's: set at every sign-in and step-up, read on every request. */
    public static final String SESSION_ATTRIBUTE = AuthenticationContext.class.getName();

    public AuthenticationContext {
        Objects.requireNonNull(at, "at");
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("an authentication has at least one method");
        }
        methods = Set.copyOf(EnumSet.copyOf(methods));
    }

    public static AuthenticationContext of(Instant at, AuthMethod first, AuthMethod... more) {
        return new AuthenticationContext(at, EnumSet.of(first, more));
    }

    /**
     * Whether it had a second factor (an app's code, a recovery code, a passkey, or the identity provider's own second
     * factor), as staff must where {@link SecondFactorPolicy} asks for one.
     */
    public boolean multiFactor() {
        return methods.contains(AuthMethod.TOTP) || methods.contains(AuthMethod.RECOVERY_CODE)
                || methods.contains(AuthMethod.PASSKEY) || methods.contains(AuthMethod.SSO_MULTI_FACTOR);
    }

    /** Whether it is at most {@code maxAge} old at {@code now}. */
    public boolean recentAt(Instant now, Duration maxAge) {
        return !at.isAfter(now.plusSeconds(5)) && !now.minus(maxAge).isAfter(at);
    }

    /** How, as stored and as shown on a signature: the methods' stored names joined by {@code +}, in a fixed order. */
    public String method() {
        return EnumSet.copyOf(methods).stream().map(AuthMethod::stored).collect(Collectors.joining("+"));
    }

    /** The methods from their stored form; null for a form this version does not know, which counts as none. */
    public static @Nullable AuthenticationContext restore(@Nullable Instant at, @Nullable String method) {
        if (at == null || method == null || method.isEmpty()) {
            return null;
        }
        EnumSet<AuthMethod> methods = EnumSet.noneOf(AuthMethod.class);
        for (String part : method.split("\\+")) {
            var known = AuthMethod.fromStored(part);
            if (known.isEmpty()) {
                return null;
            }
            methods.add(known.get());
        }
        return new AuthenticationContext(at, methods);
    }
}
