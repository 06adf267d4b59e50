package org.consilium.identity;

import io.nayuki.qrcodegen.QrCode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.consilium.identity.CredentialEvent.What;
import org.consilium.identity.internal.AccountStore;
import org.consilium.identity.internal.AccountStore.AccountRow;
import org.consilium.identity.internal.SecondFactorStore;
import org.consilium.identity.internal.SecondFactorStore.TotpRow;
import org.consilium.identity.internal.SignInThrottle;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.SecretSeal;
import org.consilium.shared.Sha256;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Second factors: an authenticator app (TOTP, RFC 6238) with ten one-time recovery codes. Enrolment shows the app's key
 * as a QR code and as text, and counts once a first code proves the app holds it; the recovery codes are shown then,
 * once. At sign-in a code is checked after the password, counted by the sign-in throttle like a password, and never
 * taken twice (a code's step must be newer than the last one used; a recovery code is spent).
 */
@Service
public class SecondFactors {

    static final int RECOVERY_CODES = 10;
    static final String ISSUER = "Consilium";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountStore accounts;
    private final SecondFactorStore store;
    private final SignInThrottle throttle;
    private final SignInAttempts attempts;
    private final SecretSeal seal;
    private final StepUp stepUp;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;

    SecondFactors(AccountStore accounts, SecondFactorStore store, SignInThrottle throttle, SignInAttempts attempts,
            SecretSeal seal, StepUp stepUp,
            ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactionManager) {
        this.stepUp = stepUp;
        this.accounts = accounts;
        this.store = store;
        this.throttle = throttle;
        this.attempts = attempts;
        this.seal = seal;
        this.events = events;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * An authenticator app's key, being set up: as text ({@code secret}, in groups of four) and as the address an app
     * scans ({@code otpauth}, drawn as the QR code {@code qrSvg}).
     */
    public record Enrolment(String secret, URI otpauth, String qrSvg) {
    }

    /**
     * Starts setting up an authenticator app: a new key, unconfirmed, in place of any unconfirmed one. Needs a recent
     * authentication: an app is what a step-up then accepts alone, so whoever held an old session could otherwise
     * add their own and pass every guarded action.
     *
     * @throws IllegalTransitionException when an app is set up already
     * @throws StepUpRequiredException when the caller authenticated longer ago
     */
    public Enrolment startTotp(AccessScope scope) {
        stepUp.require(scope, "Setting up an authenticator app");
        AccountRow account = accounts.findById(scope.actor().id()).orElseThrow();
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        transactions.executeWithoutResult(status -> {
            if (!store.startTotp(account.id(), seal.seal(secret, context(account.id())), clock.instant())) {
                throw new IllegalTransitionException("an authenticator app is set up already");
            }
        });
        return enrolment(account, secret);
    }

    /** The app being set up, shown again (after a mistyped first code): the same key, not yet confirmed. */
    public Optional<Enrolment> enrolmentUnderWay(AccessScope scope) {
        AccountRow account = accounts.findById(scope.actor().id()).orElseThrow();
        return Objects.requireNonNull(transactions.execute(status -> store.totpForUpdate(account.id())))
                .filter(row -> !row.confirmed())
                .map(row -> enrolment(account, seal.open(row.secretSealed(), context(account.id()))));
    }

    private static Enrolment enrolment(AccountRow account, byte[] secret) {
        String base32 = Totp.base32(secret);
        URI otpauth = URI.create("otpauth://totp/" + encode(ISSUER + ":" + account.email()) + "?secret=" + base32
                + "&issuer=" + encode(ISSUER) + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period="
                + Totp.STEP_SECONDS);
        return new Enrolment(String.join(" ", base32.split("(?<=\\G.{4})")), otpauth, svg(otpauth.toString()));
    }

    /**
     * Finishes setting up the app with a code it shows, and answers the ten recovery codes, which are shown this once.
     *
     * @throws InvalidInputException on {@code code} when it is not the app's current code
     * @throws IllegalTransitionException when no app is being set up
     */
    public List<String> confirmTotp(AccessScope scope, @Nullable String code) {
        stepUp.require(scope, "Setting up an authenticator app");
        UserId id = scope.actor().id();
        return Objects.requireNonNull(transactions.execute(status -> {
            TotpRow row = store.totpForUpdate(id).filter(totp -> !totp.confirmed()).orElseThrow(() ->
                    new IllegalTransitionException("no authenticator app is being set up; start again"));
            Instant now = clock.instant();
            OptionalLong step = Totp.matchingStep(seal.open(row.secretSealed(), context(id)), normalised(code), now,
                    row.lastUsedStep());
            if (step.isEmpty()) {
                throw new InvalidInputException("code", "That is not the code your app shows now: type the six "
                        + "digits it shows for Consilium, before they change");
            }
            store.used(id, step.getAsLong(), now);
            List<String> codes = issueRecoveryCodes(id, now);
            events.publishEvent(new CredentialEvent(id, scope.actor().role(), What.SECOND_FACTOR_ADDED, null, now));
            return codes;
        }));
    }

    /**
     * Ten new recovery codes for the account, in place of any it had, in the caller's transaction: shown to its holder
     * this once, only their hashes kept.
     */
    List<String> issueRecoveryCodes(UserId account, Instant now) {
        List<String> codes = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            byte[] raw = new byte[10];
            RANDOM.nextBytes(raw);
            String recovery = String.join("-", Totp.base32(raw).split("(?<=\\G.{4})"));
            codes.add(recovery);
            hashes.add(recoveryHash(recovery));
        }
        store.replaceRecoveryCodes(account, hashes, now);
        return codes;
    }

    /** Whether the account has an authenticator app set up. */
    public boolean hasAuthenticatorApp(UserId account) {
        return store.totpConfirmed(account);
    }

    /** How many recovery codes the account has left. */
    public int recoveryCodesLeft(UserId account) {
        return Objects.requireNonNull(transactions.execute(status -> store.unusedRecoveryCodes(account)));
    }

    /** Why a second factor was refused; the caller is told only that it was. */
    public enum Refusal {
        WRONG_CODE("wrong-code"), REPLAYED_CODE("replayed-code"), USED_RECOVERY_CODE("used-recovery-code");

        private final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }
    }

    /**
     * Checks the second factor of a sign-in whose password was right: a code of the account's app, or one of its
     * recovery codes. The attempt is counted by the sign-in throttle first; a refusal is audited with its reason.
     *
     * @param channel how the sign-in came: {@code browser} or {@code api-token}
     * @return empty when the factor is good, else why not
     * @throws SignInThrottledException when the account or the address has to wait
     */
    public Optional<Refusal> check(UserId accountId, @Nullable String code, String clientAddress, String channel) {
        return check(accounts.findById(accountId).orElseThrow(), code, clientAddress, channel);
    }

    /** As {@link #check(UserId, String, String, String)}, for an account already read. */
    Optional<Refusal> check(AccountRow account, @Nullable String code, String clientAddress, String channel) {
        attempts.count(account.email(), clientAddress);
        String given = normalised(code);
        // The code is checked and its outcome recorded in one transaction, which commits either way.
        return Objects.requireNonNull(transactions.execute(status -> {
            Optional<Refusal> refusal = verify(account.id(), given, clock.instant());
            if (refusal.isPresent()) {
                events.publishEvent(new SignInFailed(account.id(), account.role(), channel, refusal.get().reason,
                        clock.instant()));
            } else {
                throttle.succeeded(account.email(), clientAddress);
            }
            return refusal;
        }));
    }

    private Optional<Refusal> verify(UserId account, String code, Instant now) {
        TotpRow row = store.totpForUpdate(account).filter(TotpRow::confirmed).orElse(null);
        if (row != null && code.length() == Totp.DIGITS) {
            byte[] secret = seal.open(row.secretSealed(), context(account));
            OptionalLong step = Totp.matchingStep(secret, code, now, row.lastUsedStep());
            if (step.isPresent()) {
                store.used(account, step.getAsLong(), now);
                return Optional.empty();
            }
            return Optional.of(Totp.matchingStep(secret, code, now, Long.MIN_VALUE).isPresent()
                    ? Refusal.REPLAYED_CODE : Refusal.WRONG_CODE);
        }
        byte[] hash = recoveryHash(code);
        if (store.spendRecoveryCode(account, hash, now)) {
            return Optional.empty();
        }
        return Optional.of(store.recoveryCodeUsed(account, hash) ? Refusal.USED_RECOVERY_CODE : Refusal.WRONG_CODE);
    }

    /** Which second factor a code that passed {@link #check} was: an app's code, or a recovery code. */
    public static AuthMethod methodOf(String code) {
        return normalised(code).length() == Totp.DIGITS ? AuthMethod.TOTP : AuthMethod.RECOVERY_CODE;
    }

    /** A code as typed, without spaces or dashes, in capitals: {@code 123 456}, {@code abcd-efgh-…}. */
    private static String normalised(@Nullable String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    private static byte[] recoveryHash(String code) {
        return Sha256.digest(normalised(code).getBytes(StandardCharsets.US_ASCII));
    }

    private static String context(UserId account) {
        return "totp " + account;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The QR code of the text as an SVG drawing, black modules on white, with the quiet zone the standard asks. */
    static String svg(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int border = 4;
        int size = qr.size + border * 2;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" role=\"img\" aria-label=\"QR code of the key for your authenticator app\" shape-rendering="
                + "\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"" + path
                + "\" fill=\"#000\"/></svg>";
    }
}
