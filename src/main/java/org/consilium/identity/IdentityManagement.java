package org.consilium.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.consilium.identity.internal.AccessTokenStore;
import org.consilium.identity.internal.AccountStore;
import org.consilium.identity.internal.AccountStore.AccountRow;
import org.consilium.identity.internal.SignInThrottle;
import org.consilium.shared.UserId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts, sign-in and API tokens. */
@Service
public class IdentityManagement {

    /** The versions of the texts a person accepts at registration; a change of text gets a new version. */
    public static final String PRIVACY_NOTICE_VERSION = "2026-11";
    public static final String TERMS_VERSION = "2026-11";
    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final AccountStore accounts;
    private final AccessTokenStore tokens;
    private final SignInThrottle throttle;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    /** Compared against when the email is unknown, so a miss costs as much time as a wrong password. */
    private final String decoyHash;

    IdentityManagement(AccountStore accounts, AccessTokenStore tokens, SignInThrottle throttle,
            PasswordEncoder passwords, ApplicationEventPublisher events, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.throttle = throttle;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
        this.decoyHash = passwords.encode("decoy-password-for-timing");
    }

    /**
     * Creates the account unless its email is taken. The caller learns nothing either way, so registration never
     * reveals whether an address has an account.
     */
    @Transactional
    public void register(Registration registration) {
        Instant now = clock.instant();
        UserId id = UserId.random();
        boolean created = accounts.insertIfAbsent(id, registration.email(), registration.displayName(),
                registration.role(), passwords.encode(registration.password()), PRIVACY_NOTICE_VERSION,
                TERMS_VERSION, now);
        if (created) {
            events.publishEvent(new AccountRegistered(id, registration.role(), PRIVACY_NOTICE_VERSION,
                    TERMS_VERSION, now));
        }
    }

    /**
     * Exchanges an email and password for an opaque bearer token; empty when either is wrong.
     *
     * @throws SignInLockedException after too many wrong passwords for this email
     */
    @Transactional(noRollbackFor = SignInLockedException.class)
    public Optional<IssuedToken> issueToken(String email, String password) {
        String normalised = Registration.normalise(email);
        Instant now = clock.instant();
        Optional<AccountRow> account = accounts.findByEmail(normalised);
        throttle.attempt(normalised, now).ifPresent(until -> {
            failed(account, "api-token", "throttled", now);
            throw new SignInLockedException(until);
        });
        boolean matches = false;
        if (account.isPresent()) {
            matches = passwords.matches(password, account.get().passwordHash());
        } else {
            passwords.matches(password, decoyHash);
        }
        if (!matches) {
            failed(account, "api-token", account.isPresent() ? "wrong-password" : "unknown-email", now);
            return Optional.empty();
        }
        throttle.succeeded(normalised);
        String token = tokens.issue(account.get().id(), now, now.plus(ACCESS_TOKEN_LIFETIME));
        events.publishEvent(new SignedIn(account.get().id(), account.get().role(), "api-token", now));
        return Optional.of(new IssuedToken(token, ACCESS_TOKEN_LIFETIME));
    }

    /**
     * Counts a browser sign-in attempt before its password is checked; refuses it for an email that had too many
     * attempts without success lately, whether or not the email has an account.
     */
    @Transactional(noRollbackFor = SignInLockedException.class)
    public void attemptSignIn(String email) {
        String normalised = Registration.normalise(email);
        Instant now = clock.instant();
        throttle.attempt(normalised, now).ifPresent(until -> {
            failed(accounts.findByEmail(normalised), "browser", "throttled", now);
            throw new SignInLockedException(until);
        });
    }

    /** Records a browser sign-in whose password was wrong, or whose email has no account. */
    @Transactional
    public void browserSignInFailed(String email) {
        Optional<AccountRow> account = accounts.findByEmail(Registration.normalise(email));
        failed(account, "browser", account.isPresent() ? "wrong-password" : "unknown-email", clock.instant());
    }

    /** Records that a browser session was ended by its holder. */
    @Transactional
    public void signedOut(AccountDetails account) {
        events.publishEvent(new SignedOut(account.actor().id(), account.actor().role(), "browser", clock.instant()));
    }

    private void failed(Optional<AccountRow> account, String channel, String reason, Instant now) {
        events.publishEvent(new SignInFailed(account.map(AccountRow::id).orElse(null),
                account.map(AccountRow::role).orElse(null), channel, reason, now));
    }

    /** The account behind a live bearer token. */
    @Transactional
    public Optional<AccountDetails> authenticate(String bearerToken) {
        Instant now = clock.instant();
        return AccessTokenStore.storedFormOf(bearerToken)
                .flatMap(hash -> accounts.findByLiveToken(hash, now))
                .map(row -> details(row).withoutPassword());
    }

    /** Revokes a bearer token, which signs its holder out of the API; unknown tokens are ignored. */
    @Transactional
    public void revoke(String bearerToken) {
        Instant now = clock.instant();
        tokens.accountOf(bearerToken, now).flatMap(accounts::findById).ifPresent(row ->
                events.publishEvent(new SignedOut(row.id(), row.role(), "api-token", now)));
        tokens.revoke(bearerToken, now);
    }

    @Transactional
    public Optional<AccountDetails> findByEmail(String email) {
        return accounts.findByEmail(Registration.normalise(email)).map(IdentityManagement::details);
    }

    @Transactional
    public Optional<Actor> actor(UserId id) {
        return accounts.findById(id).map(row -> details(row).actor());
    }

    /** Records a browser sign-in for the audit trail and clears its failure count. */
    @Transactional
    public void signedIn(AccountDetails account) {
        throttle.succeeded(account.email());
        events.publishEvent(new SignedIn(account.actor().id(), account.actor().role(), "browser", clock.instant()));
    }

    static AccountDetails details(AccountRow row) {
        return new AccountDetails(new Actor(row.id(), row.role(), row.displayName()), row.email(), row.passwordHash());
    }
}
