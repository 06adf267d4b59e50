package org.consilium.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.consilium.shared.Check;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.InvalidInputException;
import org.consilium.identity.internal.AccessTokenStore;
import org.consilium.identity.internal.AccountStore;
import org.consilium.identity.internal.AccountStore.AccountRow;
import org.consilium.identity.internal.PersonalTokenStore;
import org.consilium.identity.internal.SignInThrottle;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Accounts, sign-in and API tokens. */
@Service
public class IdentityManagement {

    /** The versions of the texts a person accepts at registration; a change of text gets a new version. */
    public static final String PRIVACY_NOTICE_VERSION = "2026-11";
    public static final String TERMS_VERSION = "2026-11";
    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(15);
    /** How long a refresh token may wait to be used; each use gives a new one. */
    public static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofHours(12);
    /** How long a family of refreshed tokens lives from its sign-in: then the holder signs in again. */
    public static final Duration SIGN_IN_LIFETIME = Duration.ofDays(7);

    private final AccountStore accounts;
    private final AccessTokenStore tokens;
    private final PersonalTokenStore personalTokens;
    private final SignInThrottle throttle;
    private final AccountSecurity security;
    private final SecondFactors secondFactors;
    private final Passkeys passkeys;
    private final SecondFactorPolicy secondFactorPolicy;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    /** Short transactions around the password check, which runs outside any. */
    private final TransactionTemplate transactions;
    /** Compared against when the email is unknown, so a miss costs as much time as a wrong password. */
    private final String decoyHash;

    IdentityManagement(AccountStore accounts, AccessTokenStore tokens, PersonalTokenStore personalTokens,
            SignInThrottle throttle,
            AccountSecurity security, SecondFactors secondFactors, Passkeys passkeys,
            SecondFactorPolicy secondFactorPolicy, PasswordEncoder passwords, ApplicationEventPublisher events,
            Clock clock, PlatformTransactionManager transactionManager) {
        this.secondFactors = secondFactors;
        this.passkeys = passkeys;
        this.secondFactorPolicy = secondFactorPolicy;
        this.accounts = accounts;
        this.tokens = tokens;
        this.personalTokens = personalTokens;
        this.throttle = throttle;
        this.security = security;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.decoyHash = passwords.encode("decoy-password-for-timing");
    }

    /**
     * Registers a person who signs up by themselves: the account is made unless its email is taken, and mailed a link
     * to confirm the address, which its holder must follow before submitting a case. When the email is taken, its
     * holder is told by mail instead (at most hourly). The caller learns nothing either way, so registration never
     * reveals whether an address has an account. The password is hashed (Argon2, slow on purpose) before a
     * connection is taken, so registrations cannot tie up the connection pool.
     */
    public void register(Registration registration) {
        register(registration, false);
    }

    /**
     * Makes an account whose address is known to be its holder's (the demo's accounts; accounts made by an
     * administrator who had the address confirmed another way). Nothing is mailed; a taken email changes nothing.
     */
    public void registerVerified(Registration registration) {
        register(registration, true);
    }

    private void register(Registration registration, boolean verified) {
        String hash = passwords.encode(registration.password());
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            UserId id = UserId.random();
            boolean created = accounts.insertIfAbsent(id, registration.email(), registration.displayName(),
                    registration.role(), hash, PRIVACY_NOTICE_VERSION, TERMS_VERSION, verified, now);
            if (created) {
                events.publishEvent(new AccountRegistered(id, registration.role(), PRIVACY_NOTICE_VERSION,
                        TERMS_VERSION, now));
                if (!verified) {
                    security.sendVerification(accounts.findById(id).orElseThrow(), now);
                }
            } else if (!verified) {
                accounts.findByEmail(registration.email()).ifPresent(taken -> security.registeredAgain(taken, now));
            }
        });
    }

    /**
     * Exchanges an email and password for an opaque bearer token. The attempt is counted first, in a short
     * transaction that also reads the account; the password is checked with no connection held (Argon2 takes a
     * tenth of a second or more, and a flood of guesses must not drain the pool); the outcome is recorded in a
     * second short transaction.
     *
     * @param clientAddress the address the attempt came from, for the throttle
     * @param otp the code of the account's authenticator app, or a recovery code, for an account that has one
     * @throws WrongCredentialsException when the email or the password is wrong, alike
     * @throws SecondFactorRequiredException when the account has a second factor and the code is missing or wrong
     * @throws SecondFactorEnrolmentRequiredException for staff without a second factor, where staff must have one
     * @throws SignInThrottledException when this email or this address has to wait after failed attempts
     */
    public IssuedToken issueToken(String email, String password, @Nullable String otp, String clientAddress) {
        String normalised = Registration.normalise(email);
        Optional<AccountRow> account = counted(normalised, clientAddress, "api-token");
        if (!passwordMatches(account, password)) {
            transactions.executeWithoutResult(status -> failed(account, "api-token", failure(account),
                    clock.instant()));
            throw new WrongCredentialsException();
        }
        AccountRow row = account.orElseThrow();
        AuthMethod secondFactor = null;
        if (row.secondFactor()) {
            // The password's count stays until the code is good: a right password must never wipe out the
            // failures of wrong codes, or the code could be guessed at one password at a time.
            if (otp == null || otp.isBlank()) {
                transactions.executeWithoutResult(status -> failed(account, "api-token", "code-missing",
                        clock.instant()));
                throw new SecondFactorRequiredException(false);
            }
            if (secondFactors.check(row.id(), otp, clientAddress, "api-token").isPresent()) {
                throw new SecondFactorRequiredException(true);
            }
            secondFactor = SecondFactors.methodOf(otp);
        } else if (secondFactorPolicy.mustEnrol(row.role(), false)) {
            transactions.executeWithoutResult(status -> failed(account, "api-token", "second-factor-not-set-up",
                    clock.instant()));
            throw new SecondFactorEnrolmentRequiredException();
        }
        AuthMethod secondFactorUsed = secondFactor;
        AccessTokenStore.Pair pair = java.util.Objects.requireNonNull(transactions.execute(status -> {
            Instant now = clock.instant();
            throttle.succeeded(normalised, clientAddress);
            AccessTokenStore.Pair issued = tokens.issuePair(row.id(), now, now.plus(ACCESS_TOKEN_LIFETIME),
                    now.plus(REFRESH_TOKEN_LIFETIME), null, now, authenticatedBy(now, secondFactorUsed));
            events.publishEvent(new SignedIn(row.id(), row.role(), "api-token", now));
            return issued;
        }));
        return new IssuedToken(pair.accessToken(), ACCESS_TOKEN_LIFETIME, pair.refreshToken());
    }

    /**
     * Exchanges a passkey's answer to a sign-in challenge ({@link Passkeys#authenticationOptions}) for a token pair:
     * a sign-in without a password, whose passkey verified its user, so it counts as two factors.
     *
     * @throws Passkeys.RefusedException when the answer is not good (audited with the reason)
     */
    public IssuedToken issueTokenWithPasskey(@Nullable String answer, String clientAddress) {
        UserId id = passkeys.verify(Passkeys.Purpose.SIGN_IN, null, answer, "api-token", clientAddress);
        AccessTokenStore.Pair pair = java.util.Objects.requireNonNull(transactions.execute(status -> {
            Instant now = clock.instant();
            AccountRow row = accounts.findById(id).orElseThrow();
            AccessTokenStore.Pair issued = tokens.issuePair(id, now, now.plus(ACCESS_TOKEN_LIFETIME),
                    now.plus(REFRESH_TOKEN_LIFETIME), null, now, AuthenticationContext.of(now, AuthMethod.PASSKEY));
            events.publishEvent(new SignedIn(id, row.role(), "api-token+passkey", now));
            return issued;
        }));
        return new IssuedToken(pair.accessToken(), ACCESS_TOKEN_LIFETIME, pair.refreshToken());
    }

    /**
     * Exchanges a refresh token for a new pair of the same family; the token used is spent. A spent token used again
     * means a copy is in someone else's hands: the whole family is revoked, the holder's included, and the attempt is
     * audited. An expired or revoked token, a family older than {@link #SIGN_IN_LIFETIME}, or an account that can no
     * longer sign in (suspended) is refused alike.
     *
     * @throws InvalidGrantException when the token cannot be used
     */
    public IssuedToken refresh(String refreshToken) {
        record Outcome(AccessTokenStore.@org.jspecify.annotations.Nullable Pair pair, @Nullable String refusal) {
        }
        Outcome outcome = java.util.Objects.requireNonNull(transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<AccessTokenStore.RefreshRow> stored = tokens.refreshTokenForUpdate(refreshToken);
            if (stored.isEmpty()) {
                // Nobody's: nothing to put on anyone's trail, and a flood of made-up tokens must not fill it.
                return new Outcome(null, "unknown");
            }
            AccessTokenStore.RefreshRow row = stored.get();
            Optional<AccountRow> account = accounts.findById(row.account()).filter(AccountRow::usable);
            String refusal = row.revoked() ? "revoked"
                    : row.used() ? "reused"
                    : !now.isBefore(row.expiresAt()) ? "expired"
                    : !now.isBefore(row.familyStartedAt().plus(SIGN_IN_LIFETIME)) ? "sign-in-too-old"
                    : account.isEmpty() ? "account-unusable" : null;
            if (refusal != null) {
                if (refusal.equals("reused") || refusal.equals("account-unusable")) {
                    tokens.revokeFamily(row.family(), now);
                }
                events.publishEvent(new CredentialEvent(row.account(), account.map(AccountRow::role).orElse(null),
                        CredentialEvent.What.REFRESH_REFUSED, refusal, now));
                return new Outcome(null, refusal);
            }
            tokens.spendRefreshToken(refreshToken, now);
            return new Outcome(tokens.issuePair(row.account(), now, now.plus(ACCESS_TOKEN_LIFETIME),
                    now.plus(REFRESH_TOKEN_LIFETIME), row.family(), row.familyStartedAt(), row.authentication()),
                    null);
        }));
        if (outcome.pair() == null) {
            throw new InvalidGrantException();
        }
        return new IssuedToken(outcome.pair().accessToken(), ACCESS_TOKEN_LIFETIME, outcome.pair().refreshToken());
    }

    /**
     * Checks a password against the account's hash, or against a decoy when the email has no account, its address is
     * not confirmed yet or it is suspended, so a refusal costs as much time as a wrong password, and says as little. Never called with
     * a transaction open.
     */
    private boolean passwordMatches(Optional<AccountRow> account, String password) {
        if (account.isEmpty() || !account.get().usable()) {
            passwords.matches(password, decoyHash);
            return false;
        }
        return passwords.matches(password, account.get().passwordHash());
    }

    /**
     * Why a sign-in with this email failed, for the audit trail only; the caller is told the same for all. An account
     * whose address is not confirmed cannot sign in, whatever the password: otherwise whoever registered an address
     * that has an account could tell, by signing in with their own password, that it had one.
     */
    private static String failure(Optional<AccountRow> account) {
        return account.map(row -> row.suspended() ? "suspended"
                : row.emailVerified() ? "wrong-password" : "address-not-confirmed").orElse("unknown-email");
    }

    /**
     * Counts a sign-in attempt before its password is checked, and reads the account, in a transaction that ends
     * before the check. A refused attempt is put on the audit trail in that transaction, which commits.
     */
    private Optional<AccountRow> counted(String normalisedEmail, String clientAddress, String channel) {
        record Counted(Optional<AccountRow> account, Optional<Instant> waitUntil, Instant at) {
        }
        Counted counted = java.util.Objects.requireNonNull(transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<AccountRow> account = accounts.findByEmail(normalisedEmail);
            Optional<Instant> waitUntil = throttle.attempt(normalisedEmail, clientAddress, now);
            if (waitUntil.isPresent()) {
                failed(account, channel, "throttled", now);
            }
            return new Counted(account, waitUntil, now);
        }));
        counted.waitUntil().ifPresent(until -> {
            throw new SignInThrottledException(retryAfter(counted.at(), until));
        });
        return counted.account();
    }

    /** Whole seconds, rounded up, and at least one: what a Retry-After header can say. */
    static Duration retryAfter(Instant now, Instant until) {
        long millis = Duration.between(now, until).toMillis();
        return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
    }

    /**
     * Counts a browser sign-in attempt before its password is checked; refuses it while this email or this address
     * has to wait after failed attempts, whether or not the email has an account.
     *
     * @throws SignInThrottledException when the attempt has to wait
     */
    public void attemptSignIn(String email, String clientAddress) {
        counted(Registration.normalise(email), clientAddress, "browser");
    }

    /** Records a browser sign-in whose password was wrong, or whose email has no account. */
    @Transactional
    public void browserSignInFailed(String email) {
        Optional<AccountRow> account = accounts.findByEmail(Registration.normalise(email));
        failed(account, "browser", failure(account), clock.instant());
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

    /**
     * The account behind a live bearer token. One statement, so no transaction of its own: every API request pays
     * for this lookup.
     */
    public Optional<AccountDetails> authenticate(String bearerToken) {
        Instant now = clock.instant();
        if (bearerToken.startsWith(PersonalTokenStore.PREFIX)) {
            return personalTokens.live(bearerToken, now).flatMap(live -> accounts.findById(live.account())
                    .filter(AccountRow::usable)
                    .map(row -> live.readOnly() ? details(row).withoutPassword().asReadOnly()
                            : details(row).withoutPassword())
                    .map(details -> details.authenticatedBy(PERSONAL_TOKEN)));
        }
        return AccessTokenStore.storedFormOf(bearerToken)
                .flatMap(hash -> accounts.findByLiveToken(hash, now))
                .map(holder -> details(holder.account()).withoutPassword().authenticatedBy(holder.authentication()));
    }

    /**
     * Revokes a bearer token and its family (the refresh token that came with it, and those it was renewed into), which
     * signs its holder out of the API; unknown tokens are ignored.
     */
    @Transactional
    public void revoke(String bearerToken) {
        Instant now = clock.instant();
        tokens.accountOf(bearerToken, now).flatMap(accounts::findById).ifPresent(row ->
                events.publishEvent(new SignedOut(row.id(), row.role(), "api-token", now)));
        tokens.revoke(bearerToken, now);
        tokens.familyOf(bearerToken).ifPresent(family -> tokens.revokeFamily(family, now));
    }

    @Transactional
    public Optional<AccountDetails> findByEmail(String email) {
        return accounts.findByEmail(Registration.normalise(email)).map(IdentityManagement::details);
    }

    @Transactional
    public Optional<Actor> actor(UserId id) {
        return accounts.findById(id).map(row -> details(row).actor());
    }

    /** The name an account goes by, for lists and logs; "a former account" for one that no longer exists. */
    @Transactional(readOnly = true)
    public String displayName(UserId id) {
        return actor(id).map(Actor::displayName).orElse("a former account");
    }

    /** The caller's own account, as they may download it (no secret of any kind). */
    @Transactional(readOnly = true)
    public AccountProfile profile(AccessScope scope) {
        return accounts.profile(scope.actor().id()).orElseThrow();
    }

    /** The account as it is now, if its holder may sign in (address confirmed, not suspended). */
    @Transactional
    public Optional<AccountDetails> usableAccount(UserId id) {
        return accounts.findById(id).filter(AccountRow::usable).map(row -> details(row).withoutPassword());
    }

    /** Records a browser sign-in for the audit trail and takes back its count in the throttle. */
    @Transactional
    public void signedIn(AccountDetails account, String clientAddress) {
        signedIn(account, clientAddress, "browser");
    }

    /**
     * Records a sign-in for the audit trail and takes back its count in the throttle.
     *
     * @param channel how: {@code browser} (email and password), {@code email-link} (a confirmation link)
     */
    @Transactional
    public void signedIn(AccountDetails account, String clientAddress, String channel) {
        throttle.succeeded(account.email(), clientAddress);
        events.publishEvent(new SignedIn(account.actor().id(), account.actor().role(), channel, clock.instant()));
    }

    /**
     * The account behind a browser session, as it is now: empty when the session must end, because the account's
     * password changed since the session signed in (its session epoch moved on). One primary-key read, on every
     * browser request, so a new role or a confirmed address counts at once, and a suspension ends the session.
     */
    public Optional<AccountDetails> current(AccountDetails signedIn,
            @Nullable AuthenticationContext authentication) {
        return accounts.findById(signedIn.actor().id())
                .filter(row -> row.sessionEpoch() == signedIn.sessionEpoch() && !row.suspended())
                .map(row -> details(row).withoutPassword().authenticatedBy(authentication));
    }

    /** What a personal access token proves of its holder: nothing a guarded action takes. */
    private static final AuthenticationContext PERSONAL_TOKEN = AuthenticationContext.of(Instant.EPOCH,
            AuthMethod.PERSONAL_TOKEN);

    /** A sign-in's authentication: the password, and the second factor when one was given. */
    static AuthenticationContext authenticatedBy(Instant at, @Nullable AuthMethod secondFactor) {
        return secondFactor == null ? AuthenticationContext.of(at, AuthMethod.PASSWORD)
                : AuthenticationContext.of(at, AuthMethod.PASSWORD, secondFactor);
    }

    /**
     * Proves again who the caller is, for the guarded actions of the next few minutes ({@link StepUp}), by the
     * strongest factor the account has: the code of its authenticator app (or an unused recovery code) when it has
     * one, else its password. A password given with a code is checked too, and recorded. Counted by the sign-in
     * throttle like a sign-in, with no transaction open while a password is checked; a refusal is audited and changes
     * nothing.
     *
     * @return the new authentication, which the caller's session or new token carries
     * @throws InvalidInputException on field {@code password} when it is missing (for an account without an app) or
     *     wrong, on {@code otp} when the code is missing, wrong or used
     * @throws SignInThrottledException when too many wrong tries were made for the account or from the address
     */
    public AuthenticationContext stepUp(AccessScope scope, @Nullable String password, @Nullable String otp,
            String clientAddress) {
        Proof proof = prove(scope, password, otp, clientAddress);
        return Objects.requireNonNull(transactions.execute(status -> steppedUp(proof, clientAddress)));
    }

    /**
     * As {@link #stepUp}, by one of the account's passkeys answering a step-up challenge
     * ({@link Passkeys#authenticationOptions}).
     *
     * @throws InvalidInputException on {@code passkey} when the answer is not good (audited with the reason)
     */
    public AuthenticationContext stepUpWithPasskey(AccessScope scope, @Nullable String answer,
            String clientAddress) {
        Proof proof = provePasskey(scope, answer, clientAddress);
        return Objects.requireNonNull(transactions.execute(status -> steppedUp(proof, clientAddress)));
    }

    /**
     * As {@link #stepUp}, for an API client: answers a new token pair carrying the new authentication, of the same
     * sign-in (family) as the bearer token the step-up came with, so logging that token out ends these too and they
     * are renewed no longer than the sign-in's. Recorded and issued in one transaction.
     */
    public IssuedToken stepUpToken(AccessScope scope, String bearerToken, @Nullable String password,
            @Nullable String otp, @Nullable String passkey, String clientAddress) {
        Proof proof = passkey != null ? provePasskey(scope, passkey, clientAddress)
                : prove(scope, password, otp, clientAddress);
        return Objects.requireNonNull(transactions.execute(status -> {
            AuthenticationContext stepped = steppedUp(proof, clientAddress);
            Instant now = stepped.at();
            Optional<UUID> family = tokens.familyOf(bearerToken);
            Instant familyStartedAt = family.flatMap(tokens::familyStartedAt).orElse(now);
            AccessTokenStore.Pair pair = tokens.issuePair(scope.actor().id(), now, now.plus(ACCESS_TOKEN_LIFETIME),
                    now.plus(REFRESH_TOKEN_LIFETIME), family.orElse(null), familyStartedAt, stepped);
            return new IssuedToken(pair.accessToken(), ACCESS_TOKEN_LIFETIME, pair.refreshToken());
        }));
    }

    /** What a step-up proved: whose account, by which factors, and whether a password was among them. */
    private record Proof(AccountRow account, Set<AuthMethod> methods, boolean withPassword) {
    }

    /** Checks a step-up's factors, each counted by the throttle before it is checked; a refusal is audited. */
    private Proof prove(AccessScope scope, @Nullable String password, @Nullable String otp, String clientAddress) {
        new Check().maxLength("password", password, Registration.MAX_PASSWORD).maxLength("otp", otp, 40).orThrow();
        AccountRow account = accounts.findById(scope.actor().id()).filter(AccountRow::usable)
                .orElseThrow(() -> new ForbiddenActionException("this account cannot sign in"));
        boolean withPassword = password != null && !password.isEmpty();
        if (account.secondFactor() && (otp == null || otp.isBlank())) {
            stepUpRefused(account, "code-missing");
            throw new InvalidInputException("otp", secondFactors.hasAuthenticatorApp(account.id())
                    ? "Give the code your authenticator app shows now, or one of your recovery codes"
                    : "Confirm with your passkey, or give one of your recovery codes");
        }
        if (!account.secondFactor()) {
            new Check().required("password", password, Registration.MAX_PASSWORD).orThrow();
        }
        EnumSet<AuthMethod> methods = EnumSet.noneOf(AuthMethod.class);
        if (withPassword) {
            counted(account.email(), clientAddress, "step-up");
            if (!passwords.matches(password, account.passwordHash())) {
                stepUpRefused(account, "wrong-password");
                throw new InvalidInputException("password", "The password is wrong");
            }
            methods.add(AuthMethod.PASSWORD);
        }
        if (account.secondFactor()) {
            if (secondFactors.check(account, otp, clientAddress, "step-up").isPresent()) {
                throw new InvalidInputException("otp", secondFactors.hasAuthenticatorApp(account.id())
                        ? "That code is wrong, or was used already: give the code your app shows now, or an unused "
                                + "recovery code"
                        : "That recovery code is wrong, or was used already: give an unused one, or confirm with "
                                + "your passkey");
            }
            methods.add(SecondFactors.methodOf(Objects.requireNonNull(otp)));
        }
        return new Proof(account, methods, withPassword);
    }

    /** Checks a passkey's answer to the caller's own step-up challenge; a refusal is audited by the check. */
    private Proof provePasskey(AccessScope scope, @Nullable String answer, String clientAddress) {
        AccountRow account = accounts.findById(scope.actor().id()).filter(AccountRow::usable)
                .orElseThrow(() -> new ForbiddenActionException("this account cannot sign in"));
        try {
            passkeys.verify(Passkeys.Purpose.STEP_UP, account.id(), answer, "step-up", clientAddress);
        } catch (Passkeys.RefusedException refused) {
            throw new InvalidInputException("passkey", "Your passkey did not confirm it is you. Try again; "
                    + "each request lasts five minutes.");
        }
        return new Proof(account, EnumSet.of(AuthMethod.PASSKEY), false);
    }

    /** Records a proven step-up, in the caller's transaction, and answers its authentication. */
    private AuthenticationContext steppedUp(Proof proof, String clientAddress) {
        AuthenticationContext stepped = new AuthenticationContext(clock.instant(), proof.methods());
        if (proof.withPassword()) {
            // The password's count; a code's was taken back by its own check.
            throttle.succeeded(proof.account().email(), clientAddress);
        }
        events.publishEvent(new CredentialEvent(proof.account().id(), proof.account().role(),
                CredentialEvent.What.STEPPED_UP, null, stepped.at()));
        return stepped;
    }

    private void stepUpRefused(AccountRow account, String reason) {
        transactions.executeWithoutResult(status -> events.publishEvent(new CredentialEvent(account.id(),
                account.role(), CredentialEvent.What.STEP_UP_REFUSED, reason, clock.instant())));
    }

    static AccountDetails details(AccountRow row) {
        return new AccountDetails(new Actor(row.id(), row.role(), row.displayName(), row.emailVerified()),
                row.email(), row.passwordHash(), row.sessionEpoch(), row.secondFactor());
    }
}
