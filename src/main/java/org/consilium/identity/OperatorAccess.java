package org.consilium.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.consilium.shared.UserId;
import org.springframework.stereotype.Component;

/**
 * The local operator: whoever can read the running app's data directory may call the administrative API with a token
 * that the app makes at start and writes there, readable by the service account only. This is how
 * {@code ./consilium audit verify} talks to a running app without anyone's password. The token works only on the
 * administrative API and dies with the process.
 */
@Component
public class OperatorAccess {

    /** The operator's actor id in the audit trail: no account has it. */
    public static final UserId OPERATOR_ID = new UserId(new UUID(0, 0));

    private final String token;
    private final AccountDetails operator = new AccountDetails(new Actor(OPERATOR_ID, Role.ADMIN,
            "Local operator (./consilium)", true), "operator@localhost", "", 0, false);

    private final java.time.Clock clock;

    OperatorAccess(java.time.Clock clock) {
        this.clock = clock;
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** The token to hand to the local operator (written to the data directory, never logged). */
    public String token() {
        return token;
    }

    /** The operator, for the commands that act on a stopped data directory as the operator. */
    public AccountDetails operator() {
        return authenticatedNow();
    }

    /**
     * The operator holds the data directory, which is more than any password proves, and proves it again with every
     * command: always freshly authenticated.
     */
    private AccountDetails authenticatedNow() {
        return operator.authenticatedBy(AuthenticationContext.of(clock.instant(), AuthMethod.OPERATOR));
    }

    /** The operator, when the token is the operator's; compared in constant time. */
    public Optional<AccountDetails> authenticate(String presented) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))
                ? Optional.of(authenticatedNow()) : Optional.empty();
    }
}
