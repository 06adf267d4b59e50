package org.consilium.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.consilium.identity.CredentialEvent.What;
import org.consilium.identity.internal.AccessTokenStore;
import org.consilium.identity.internal.AccountLinkStore;
import org.consilium.identity.internal.AccountLinkStore.Link;
import org.consilium.identity.internal.AccountLinkStore.Purpose;
import org.consilium.identity.internal.AccountStore;
import org.consilium.identity.internal.AccountStore.AccountRow;
import org.consilium.identity.internal.InvitationStore;
import org.consilium.identity.internal.PersonalTokenStore;
import org.consilium.identity.internal.SignInThrottle;
import org.consilium.shared.Check;
import org.consilium.shared.FieldLabels;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An account holder's address and password: confirming the address by a mailed link, resetting a forgotten password
 * by another, and changing the password. Links are single-use and expire; a spent, expired or made-up link is refused
 * with the same words, and the attempt is on the audit trail. A new password ends every other sign-in at once: API
 * tokens are revoked, and browser sessions end at their next request (their session epoch moved on).
 *
 * <p>Argon2 runs with no transaction open, as at sign-in, so a flood of requests cannot drain the connection pool.
 */
@Service
public class AccountSecurity {

    static final Duration VERIFICATION_LIFETIME = Duration.ofHours(24);
    static final Duration RESET_LIFETIME = Duration.ofHours(1);
    /**
     * At most one mail with a link per account a minute (unless the last link was used already), and
     * {@link #MAILS_PER_HOUR} an hour, however often it is asked for: enough for a lost mail and a second try, too few
     * to bomb a mailbox.
     */
    static final Duration MAIL_INTERVAL = Duration.ofMinutes(1);
    static final int MAILS_PER_HOUR = 3;
    /** At most one "someone registered your address again" mail per account per hour. */
    static final Duration REPEAT_REGISTRATION_INTERVAL = Duration.ofHours(1);

    /** The one answer to any link that cannot be used, whatever the reason: it says nothing about the account. */
    public static final String DEAD_LINK = "This link cannot be used: it has expired, was used already, or was copied "
            + "incompletely. Ask for a new one.";

    private final AccountStore accounts;
    private final AccountLinkStore links;
    private final InvitationStore invitations;
    private final AccessTokenStore tokens;
    private final PersonalTokenStore personalTokens;
    private final SignInThrottle throttle;
    private final SignInAttempts attempts;
    private final AccountMails mails;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;

    AccountSecurity(AccountStore accounts, AccountLinkStore links, InvitationStore invitations,
            AccessTokenStore tokens, PersonalTokenStore personalTokens, SignInThrottle throttle,
            SignInAttempts attempts, AccountMails mails, PasswordEncoder passwords, ApplicationEventPublisher events,
            Clock clock, PlatformTransactionManager transactionManager) {
        this.accounts = accounts;
        this.links = links;
        this.invitations = invitations;
        this.tokens = tokens;
        this.personalTokens = personalTokens;
        this.throttle = throttle;
        this.attempts = attempts;
        this.mails = mails;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Mails a new account its link to confirm its address. Runs in the registration's transaction, so the mail leaves
     * only if the account is made.
     */
    void sendVerification(AccountRow account, Instant now) {
        mails.confirmAddress(account, links.issue(account.id(), Purpose.VERIFY_EMAIL, now, VERIFICATION_LIFETIME),
                VERIFICATION_LIFETIME);
        publish(account, What.VERIFICATION_SENT, null, now);
    }

    /**
     * Someone registered an address that has an account. When its holder confirmed the address, they are told, with
     * a way to sign in or to reset the password, at most once an hour. When nobody confirmed it yet (a first link
     * lost or expired, or a stranger registered the address before its holder), the mail carries a link to choose the
     * password, which confirms the address: whoever reads the mailbox ends up holding the account, never whoever
     * registered it first. Runs in the registration's transaction.
     */
    void registeredAgain(AccountRow account, Instant now) {
        if (!account.emailVerified()) {
            if (mayMail(account, now)) {
                mails.finishRegistration(account,
                        links.issue(account.id(), Purpose.RESET_PASSWORD, now, VERIFICATION_LIFETIME),
                        VERIFICATION_LIFETIME);
                publish(account, What.PASSWORD_RESET_SENT, null, now);
            }
        } else if (accounts.noteRepeatRegistration(account.id(), now, REPEAT_REGISTRATION_INTERVAL)) {
            mails.registeredAgain(account);
            publish(account, What.REGISTRATION_REPEATED, null, now);
        }
    }

    /**
     * The address a live confirmation link confirms, for its page to name; empty for any other secret. Nothing is
     * spent or recorded.
     */
    public Optional<String> addressToConfirm(@Nullable String secret) {
        return liveLink(secret, EnumSet.of(Purpose.VERIFY_EMAIL))
                .flatMap(link -> accounts.findById(link.account()))
                .filter(account -> !account.emailVerified())
                .map(AccountRow::email);
    }

    /**
     * Confirms an address by the secret of its mailed link and the password chosen at registration, and answers the
     * account, whose holder the caller may treat as signed in; empty when the account is suspended, which confirming
     * does not lift. Both are needed: the link alone would let whoever registered someone else's address first keep a
     * password to the account its owner then confirms, or hand someone a link that signs them in to a stranger's
     * account. The password is checked like a sign-in (counted by the throttle, with no transaction open); a wrong one
     * leaves the link usable. Every confirmation link of the account is spent.
     *
     * @throws InvalidInputException on field {@code token} when the link cannot be used, or on {@code password} when
     *     the password is wrong
     * @throws SignInThrottledException when too many wrong passwords were tried for the account or from the address
     */
    public Optional<AccountDetails> verifyEmail(@Nullable String secret, @Nullable String password,
            String clientAddress) {
        Optional<AccountRow> holder = liveLink(secret, EnumSet.of(Purpose.VERIFY_EMAIL))
                .flatMap(link -> accounts.findById(link.account()));
        if (holder.isPresent()) {
            AccountRow account = holder.get();
            new Check().required("password", password, Registration.MAX_PASSWORD).orThrow();
            attempts.count(account.email(), clientAddress);
            if (!passwords.matches(password, account.passwordHash())) {
                transactions.executeWithoutResult(status -> events.publishEvent(new SignInFailed(account.id(),
                        account.role(), "email-link", "wrong-password", clock.instant())));
                throw new InvalidInputException("password", "The password is wrong: give the one you chose when "
                        + "you registered. Forgot it? Ask for a link to choose a new one.");
            }
        }
        return spend(secret, EnumSet.of(Purpose.VERIFY_EMAIL), (account, now) -> {
            accounts.markVerified(account.id(), now);
            links.spendAll(account.id(), now);
            throttle.succeeded(account.email(), clientAddress);
            publish(account, What.EMAIL_VERIFIED, null, now);
            return Optional.of(account).filter(row -> !row.suspended())
                    .map(row -> IdentityManagement.details(accounts.findById(row.id()).orElseThrow())
                            .withoutPassword());
        });
    }

    /**
     * Mails a password reset link when the address has an account, unless it was mailed a link within the last
     * minute or three within the hour. The caller learns nothing either way.
     */
    public void requestPasswordReset(@Nullable String email) {
        if (email == null || email.isBlank() || email.length() > 254) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            accounts.findByEmail(Registration.normalise(email))
                    .filter(account -> mayMail(account, now))
                    .ifPresent(account -> {
                        mails.resetPassword(account,
                                links.issue(account.id(), Purpose.RESET_PASSWORD, now, RESET_LIFETIME),
                                RESET_LIFETIME);
                        publish(account, What.PASSWORD_RESET_SENT, null, now);
                    });
        });
    }

    /**
     * What the secret's link is for, when it is a link that sets a password and can still be used: the form to choose
     * a password is shown only then. Nothing is spent or recorded.
     */
    public Optional<PasswordLink> passwordLink(@Nullable String secret) {
        return liveLink(secret, PASSWORD_LINKS)
                .map(link -> link.purpose() == Purpose.SET_PASSWORD ? PasswordLink.FIRST_PASSWORD
                        : PasswordLink.NEW_PASSWORD);
    }

    /** What a live link that sets a password is for, so its page can greet a newcomer or someone who forgot. */
    public enum PasswordLink {
        /** An invitation: the account's first password. */
        FIRST_PASSWORD,
        /** A reset: a password forgotten, or registration finished. */
        NEW_PASSWORD
    }

    /** The links that set a password. */
    private static final Set<Purpose> PASSWORD_LINKS = EnumSet.of(Purpose.RESET_PASSWORD, Purpose.SET_PASSWORD);

    /**
     * Sets a new password by the secret of a reset link. The link is spent, and so is every other reset link of the
     * account; every token and browser session of the account ends; the address counts as confirmed (the mail was
     * read). The password is checked first, so a weak one leaves the link usable for a better try.
     *
     * @throws InvalidInputException on field {@code token} when the link cannot be used, or on {@code newPassword} when
     *     the new password is too short or too easy to guess
     */
    public void resetPassword(@Nullable String secret, @Nullable String newPassword) {
        Optional<AccountRow> holder = liveLink(secret, PASSWORD_LINKS)
                .flatMap(link -> accounts.findById(link.account()));
        holder.ifPresent(account -> checkNewPassword("newPassword", newPassword, account));
        String hash = holder.isPresent() ? passwords.encode(Objects.requireNonNull(newPassword)) : null;
        spend(secret, PASSWORD_LINKS, (account, now) -> {
            accounts.changePassword(account.id(), Objects.requireNonNull(hash), null);
            accounts.markVerified(account.id(), now);
            links.spendAll(account.id(), now);
            tokens.revokeAllOf(account.id(), null, now);
            personalTokens.revokeAllOf(account.id(), now);
            if (account.emailVerified()) {
                mails.passwordChanged(account);
                publish(account, What.PASSWORD_RESET, null, now);
            } else {
                // The first usable password: an invitation accepted, or a registration finished.
                publish(account, What.PASSWORD_SET, null, now);
                invitations.accept(account.id(), now).ifPresent(invitation -> events.publishEvent(
                        new InvitationAccepted(new InvitationId(invitation.id()), account.id(), account.email(),
                                account.role(), account.displayName(), now)));
            }
            return account;
        });
    }

    /**
     * Changes a signed-in holder's password, after checking their current one (counted by the sign-in throttle like
     * a sign-in). Every API token of the account but {@code keepToken} is revoked and every browser session but the
     * caller's ends; answers the principal the caller's own browser session continues with.
     *
     * @param keepToken the API token the request came with, which stays valid; null from a browser
     * @throws InvalidInputException on {@code currentPassword} when it is wrong, or on {@code newPassword} when the new
     *     one is too short, too easy to guess or the same as the current one
     * @throws SignInThrottledException when too many wrong passwords were tried for the account or from the address
     * @throws IllegalTransitionException when the password changed meanwhile (another change, a reset)
     */
    public AccountDetails changePassword(AccessScope scope, @Nullable String currentPassword,
            @Nullable String newPassword, @Nullable String keepToken, String clientAddress) {
        new Check().required("currentPassword", currentPassword, Registration.MAX_PASSWORD).orThrow();
        AccountRow account = accounts.findById(scope.actor().id()).orElseThrow();
        checkNewPassword("newPassword", newPassword, account);
        attempts.count(account.email(), clientAddress);
        if (!passwords.matches(currentPassword, account.passwordHash())) {
            transactions.executeWithoutResult(status -> publish(account, What.PASSWORD_CHANGE_REFUSED,
                    "wrong-current-password", clock.instant()));
            throw new InvalidInputException("currentPassword",
                    FieldLabels.of("currentPassword") + " is wrong");
        }
        if (passwords.matches(newPassword, account.passwordHash())) {
            transactions.executeWithoutResult(status -> throttle.succeeded(account.email(), clientAddress));
            throw new InvalidInputException("newPassword",
                    FieldLabels.of("newPassword") + " must differ from the current one");
        }
        String hash = passwords.encode(newPassword);
        return Objects.requireNonNull(transactions.execute(status -> {
            Instant now = clock.instant();
            throttle.succeeded(account.email(), clientAddress);
            if (!accounts.changePassword(account.id(), hash, account.sessionEpoch())) {
                throw new IllegalTransitionException("your password was changed or reset meanwhile; sign in again "
                        + "with the new one");
            }
            tokens.revokeAllOf(account.id(), keepToken, now);
            personalTokens.revokeAllOf(account.id(), now);
            links.spendAll(account.id(), now);
            mails.passwordChanged(account);
            publish(account, What.PASSWORD_CHANGED, null, now);
            return IdentityManagement.details(accounts.findById(account.id()).orElseThrow()).withoutPassword();
        }));
    }

    private void checkNewPassword(String field, @Nullable String password, AccountRow account) {
        Check check = new Check()
                .that(password != null && password.length() >= Registration.MIN_PASSWORD, field,
                        FieldLabels.of(field) + " must have at least " + Registration.MIN_PASSWORD + " characters")
                .maxLength(field, password, Registration.MAX_PASSWORD);
        if (password != null && !check.has(field)) {
            PasswordPolicy.weakness(password, account.email(), account.displayName()).ifPresent(why ->
                    check.that(false, field, FieldLabels.of(field) + " " + why));
        }
        check.orThrow();
    }

    /** What a live link of the purpose does, given its account and the time, in the transaction that spends it. */
    private interface Spending<T> {
        T apply(AccountRow account, Instant now);
    }

    /**
     * Spends the link and does what it is for, in one transaction; or records the refused attempt, in a transaction
     * that commits, and throws the one answer every unusable link gets.
     */
    private <T> T spend(@Nullable String secret, Set<Purpose> purposes, Spending<T> spending) {
        record Outcome<T>(@Nullable T done, @Nullable String refusal) {
        }
        Outcome<T> outcome = Objects.requireNonNull(transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<AccountRow> account = secret == null ? Optional.empty()
                    : links.spend(secret, purposes, now).flatMap(accounts::findById);
            if (account.isPresent()) {
                return new Outcome<T>(spending.apply(account.get(), now), null);
            }
            Optional<Link> known = secret == null ? Optional.empty() : links.find(secret);
            String why = known.map(link -> !purposes.contains(link.purpose()) ? "link-for-something-else"
                    : link.used() ? "link-used" : "link-expired").orElse("link-unknown");
            Optional<AccountRow> holder = known.flatMap(link -> accounts.findById(link.account()));
            events.publishEvent(new CredentialEvent(holder.map(AccountRow::id).orElse(null),
                    holder.map(AccountRow::role).orElse(null), What.LINK_REFUSED, why, now));
            return new Outcome<T>(null, why);
        }));
        if (outcome.refusal() != null) {
            throw new InvalidInputException("token", DEAD_LINK);
        }
        return Objects.requireNonNull(outcome.done());
    }

    /**
     * Whether the account may be mailed another link now. The account's row is locked first, so two requests at once
     * cannot both see room for one more mail.
     */
    /** The link of the secret, if it is one of the purposes and can still be used. Nothing is spent or recorded. */
    private Optional<Link> liveLink(@Nullable String secret, Set<Purpose> purposes) {
        return secret == null ? Optional.empty() : links.find(secret)
                .filter(link -> purposes.contains(link.purpose()) && link.liveAt(clock.instant()));
    }

    private boolean mayMail(AccountRow account, Instant now) {
        accounts.lock(account.id());
        List<AccountLinkStore.Issued> lastHour = links.issuedSince(account.id(), now.minus(Duration.ofHours(1)));
        return lastHour.size() < MAILS_PER_HOUR && lastHour.stream()
                .noneMatch(link -> !link.used() && link.at().isAfter(now.minus(MAIL_INTERVAL)));
    }

    private void publish(AccountRow account, What what, @Nullable String refusal, Instant now) {
        events.publishEvent(new CredentialEvent(account.id(), account.role(), what, refusal, now));
    }
}
