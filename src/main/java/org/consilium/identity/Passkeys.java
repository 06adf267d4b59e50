package org.consilium.identity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.consilium.identity.CredentialEvent.What;
import org.consilium.identity.internal.AccountStore;
import org.consilium.identity.internal.AccountStore.AccountRow;
import org.consilium.identity.internal.PasskeyStore;
import org.consilium.identity.internal.SignInThrottle;
import org.consilium.shared.Check;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.PublicLinks;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorAttestationResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passkeys (WebAuthn): a second factor after the password, and a way in on their own. The cryptography is Spring
 * Security's relying party (on WebAuthn4J); the ceremonies are Consilium's, so that every one is bound to a purpose and
 * an account, audited, and finishable on any app instance or by an API client.
 *
 * <p>Every ceremony asks the authenticator to verify its user (a PIN, a fingerprint, the phone's unlock): a passkey
 * is then something the person has and something they know or are, so it counts as a second factor on its own, even
 * for staff. Each challenge is random, lives five minutes, and is taken once: an answer sent twice finds none.
 */
@Service
public class Passkeys {

    /** How many passkeys an account may have at once. */
    public static final int MAX_PER_ACCOUNT = 10;
    static final int MAX_LABEL = 60;
    /** The longest answer taken from a browser: real ones are a few kilobytes. */
    static final int MAX_ANSWER = 64 * 1024;
    static final Duration CEREMONY = Duration.ofMinutes(5);
    /** How long the browser waits for the device: less than the challenge lives, long enough for a phone nearby. */
    static final Duration DEVICE_WAIT = Duration.ofMinutes(2);
    private static final String NOT_AN_ANSWER = "That is not a passkey's answer. Try again from the page's button.";

    private static final String RP_NAME = "Consilium";
    private static final JsonMapper JSON = JsonMapper.builder()
            .addModule(new WebauthnJacksonModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<PublicKeyCredential<AuthenticatorAttestationResponse>> ATTESTATION =
            new TypeReference<>() { };
    private static final TypeReference<PublicKeyCredential<AuthenticatorAssertionResponse>> ASSERTION =
            new TypeReference<>() { };

    /** What a ceremony is for: each challenge is good for its own purpose only. */
    public enum Purpose {
        /** Adding a passkey to a signed-in account. */
        REGISTER("register"),
        /** Signing in with a passkey alone. */
        SIGN_IN("sign-in"),
        /** The second step of a sign-in whose password was right. */
        SECOND_FACTOR("second-factor"),
        /** Confirming who one is for a guarded action. */
        STEP_UP("step-up");

        private final String stored;

        Purpose(String stored) {
            this.stored = stored;
        }
    }

    /** A passkey as its owner sees it listed; {@code synced} when it may live on several devices (a synced one). */
    public record Passkey(String id, String label, Instant createdAt, @Nullable Instant lastUsedAt, boolean synced) {
    }

    /**
     * A passkey added: its name, and the account's recovery codes when it was its first second factor (shown this
     * once; empty otherwise).
     */
    public record Added(String label, List<String> recoveryCodes) {
    }

    private final AccountStore accounts;
    private final PasskeyStore store;
    private final SecondFactors secondFactors;
    private final AccountMails mails;
    private final SignInThrottle throttle;
    private final StepUp stepUp;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final Supplier<RelyingParty> relyingParty;

    Passkeys(AccountStore accounts, PasskeyStore store, SecondFactors secondFactors, AccountMails mails,
            SignInThrottle throttle, StepUp stepUp, PublicLinks links, ApplicationEventPublisher events, Clock clock,
            PlatformTransactionManager transactionManager) {
        this.accounts = accounts;
        this.store = store;
        this.secondFactors = secondFactors;
        this.mails = mails;
        this.throttle = throttle;
        this.stepUp = stepUp;
        this.events = events;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        // The public address is known once the server listens (the demo's port); passkeys are bound to its host.
        this.relyingParty = SingletonSupplier.of(() -> RelyingParty.of(links.resolve("/"), store));
    }

    /** The relying party: the public address's host as its id, that address as the one origin answers come from. */
    private record RelyingParty(PublicKeyCredentialRpEntity entity, Webauthn4JRelyingPartyOperations operations) {

        /** The base's authority carries a port only when it is not the scheme's default: the browser's origin form. */
        static RelyingParty of(java.net.URI base, PasskeyStore store) {
            PublicKeyCredentialRpEntity entity = PublicKeyCredentialRpEntity.builder().id(base.getHost())
                    .name(RP_NAME).build();
            return new RelyingParty(entity, new Webauthn4JRelyingPartyOperations(store, store, entity,
                    java.util.Set.of(base.getScheme() + "://" + base.getRawAuthority())));
        }
    }

    // ---- adding and removing

    /**
     * The options for the browser to make a new passkey for the signed-in account (JSON, as the WebAuthn API takes
     * them). Needs a recent authentication, like setting up an app: a passkey passes every step-up alone.
     *
     * @throws StepUpRequiredException when the caller authenticated longer ago
     * @throws IllegalTransitionException when the account has as many passkeys as it may
     */
    public String registrationOptions(AccessScope scope) {
        stepUp.require(scope, "Adding a passkey");
        UserId id = scope.actor().id();
        return Objects.requireNonNull(transactions.execute(status -> {
            if (store.count(id) >= MAX_PER_ACCOUNT) {
                throw new IllegalTransitionException("you have " + MAX_PER_ACCOUNT + " passkeys, as many as an "
                        + "account may have: remove one you no longer use first");
            }
            Bytes challenge = Bytes.random();
            store.challenge(challenge.getBytes(), Purpose.REGISTER.stored, id, clock.instant().plus(CEREMONY));
            return JSON.writeValueAsString(creationOptions(id, challenge));
        }));
    }

    /**
     * Adds the passkey the browser made from {@link #registrationOptions}, under a name its owner chose (the device's
     * name, say). The first second factor of an account comes with ten recovery codes, for a lost device.
     *
     * @throws InvalidInputException on {@code label} or {@code credential} when missing or malformed, or when the
     *     passkey does not answer this account's own challenge, or does not verify
     */
    public Added register(AccessScope scope, @Nullable String label, @Nullable String credential) {
        stepUp.require(scope, "Adding a passkey");
        new Check().required("label", label, MAX_LABEL).required("credential", credential, MAX_ANSWER).orThrow();
        UserId id = scope.actor().id();
        PublicKeyCredential<AuthenticatorAttestationResponse> made;
        byte[] challenge;
        try {
            made = parse(credential, ATTESTATION);
            if (made.getRawId() == null || made.getResponse() == null) {
                throw new InvalidInputException("credential", NOT_AN_ANSWER);
            }
            challenge = challengeOf(made.getResponse().getClientDataJSON());
        } catch (InvalidInputException malformed) {
            registrationRefused(scope, "malformed");
            throw malformed;
        }
        Optional<PasskeyStore.Challenge> taken = transactions.execute(status -> store.take(challenge,
                clock.instant()));
        if (Objects.requireNonNull(taken).filter(c -> c.purpose().equals(Purpose.REGISTER.stored)
                && id.equals(c.account())).isEmpty()) {
            registrationRefused(scope, "unknown-challenge");
            throw unanswerable("credential");
        }
        String name = Objects.requireNonNull(label).strip();
        record Outcome(@Nullable Added added, @Nullable String refusal) {
        }
        Outcome outcome = Objects.requireNonNull(transactions.execute(status -> {
            accounts.lock(id);
            if (store.count(id) >= MAX_PER_ACCOUNT) {
                throw new IllegalTransitionException("you have " + MAX_PER_ACCOUNT + " passkeys already");
            }
            boolean first = !secondFactors.hasAuthenticatorApp(id) && store.count(id) == 0;
            try {
                relyingParty.get().operations().registerCredential(new ImmutableRelyingPartyRegistrationRequest(
                        creationOptions(id, new Bytes(challenge)), new RelyingPartyPublicKey(made, name)));
            } catch (RuntimeException refused) {
                // WebAuthn4J's verification failures and Spring's own (a passkey registered already) alike.
                status.setRollbackOnly();
                return new Outcome(null, "not-verified");
            }
            Instant now = clock.instant();
            List<String> codes = first ? secondFactors.issueRecoveryCodes(id, now) : List.of();
            events.publishEvent(new CredentialEvent(id, scope.actor().role(), What.PASSKEY_ADDED, null, now));
            mails.signInChanged(accounts.findById(id).orElseThrow(), "was added to your account: “" + name + "”");
            return new Outcome(new Added(name, codes), null);
        }));
        if (outcome.added() == null) {
            registrationRefused(scope, Objects.requireNonNull(outcome.refusal()));
            throw new InvalidInputException("credential", "Your device's passkey could not be verified. Try again; "
                    + "if it goes on, use another device or an authenticator app.");
        }
        return outcome.added();
    }

    /** A passkey not added, on the account's trail with the reason, in a transaction of its own that commits. */
    private void registrationRefused(AccessScope scope, String reason) {
        transactions.executeWithoutResult(status -> events.publishEvent(new CredentialEvent(scope.actor().id(),
                scope.actor().role(), What.PASSKEY_ADDED, "passkey-" + reason, clock.instant())));
    }

    /** The signed-in account's passkeys. */
    public List<Passkey> list(UserId account) {
        return store.list(account).stream().map(row -> new Passkey(row.credentialId().toBase64UrlString(),
                row.label(), row.createdAt(), row.lastUsedAt(), row.synced())).toList();
    }

    /** Whether the account has a passkey. */
    public boolean any(UserId account) {
        return store.count(account) > 0;
    }

    /**
     * Removes one of the signed-in account's passkeys: it signs nobody in again. Needs a recent authentication.
     *
     * @throws NotFoundException when the account has no such passkey in use
     */
    public void remove(AccessScope scope, String passkeyId) {
        stepUp.require(scope, "Removing a passkey");
        UserId id = scope.actor().id();
        Bytes credentialId;
        try {
            credentialId = Bytes.fromBase64(passkeyId);
        } catch (IllegalArgumentException malformed) {
            throw new NotFoundException("passkey");
        }
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            String label = store.remove(id, credentialId, id, now)
                    .orElseThrow(() -> new NotFoundException("passkey"));
            events.publishEvent(new CredentialEvent(id, scope.actor().role(), What.PASSKEY_REMOVED, null, now));
            mails.signInChanged(accounts.findById(id).orElseThrow(), "was removed from your account: “" + label
                    + "”");
        });
    }

    // ---- signing in and confirming

    /**
     * The options for the browser to sign with a passkey (JSON). For a sign-in without an address, any passkey of
     * this site will do (the device offers the person's own); otherwise only {@code account}'s.
     */
    public String authenticationOptions(Purpose purpose, @Nullable UserId account) {
        if (purpose == Purpose.REGISTER || (account == null) != (purpose == Purpose.SIGN_IN)) {
            throw new IllegalArgumentException(purpose + " for " + account);
        }
        return Objects.requireNonNull(transactions.execute(status -> {
            Bytes challenge = Bytes.random();
            store.challenge(challenge.getBytes(), purpose.stored, account, clock.instant().plus(CEREMONY));
            List<PublicKeyCredentialDescriptor> allowed = account == null ? List.of()
                    : descriptors(store.findByUserId(userEntity(account).getId()));
            return JSON.writeValueAsString(PublicKeyCredentialRequestOptions.builder()
                    .challenge(challenge)
                    .rpId(relyingParty.get().entity().getId())
                    .allowCredentials(allowed)
                    .timeout(DEVICE_WAIT)
                    .userVerification(UserVerificationRequirement.REQUIRED)
                    .build());
        }));
    }

    /** Why a passkey was refused; the caller is told only that it was. */
    public static final class RefusedException extends RuntimeException {

        private final String reason;

        RefusedException(String reason) {
            super("passkey refused: " + reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * Checks a passkey's answer to a challenge made by {@link #authenticationOptions} for the same purpose: it must
     * be signed by a passkey in use, of {@code expected} when given, with the person verified by their device, and its
     * signature counter must move forward (else two devices hold the key: a clone). A refusal that concerns an account is
     * audited with its reason.
     *
     * @param channel how it came, for the audit trail: {@code browser}, {@code api-token}, {@code step-up}
     * @param clientAddress where it came from; a second factor's success takes back the password's count there
     * @return the account whose passkey it is, usable (its address confirmed, not suspended)
     * @throws RefusedException when it is not good, whatever the reason
     */
    public UserId verify(Purpose purpose, @Nullable UserId expected, @Nullable String answer, String channel,
            String clientAddress) {
        if (answer == null || answer.isBlank() || answer.length() > MAX_ANSWER) {
            throw refused(expected, purpose, channel, "malformed");
        }
        PublicKeyCredential<AuthenticatorAssertionResponse> signed;
        byte[] challenge;
        try {
            signed = parse(answer, ASSERTION);
            if (signed.getRawId() == null || signed.getResponse() == null
                    || signed.getResponse().getAuthenticatorData() == null
                    || signed.getResponse().getSignature() == null) {
                throw refused(expected, purpose, channel, "malformed");
            }
            challenge = challengeOf(signed.getResponse().getClientDataJSON());
        } catch (InvalidInputException | NullPointerException malformed) {
            throw refused(expected, purpose, channel, "malformed");
        }
        // Whose passkey it is, first: a refusal of an account's passkey (a replayed answer, a removed passkey) is on
        // that account's trail.
        Optional<PasskeyStore.Owner> owner = store.ownerOf(signed.getRawId());
        UserId concerned = expected != null ? expected : owner.map(PasskeyStore.Owner::account).orElse(null);
        Instant now = clock.instant();
        Optional<PasskeyStore.Challenge> taken = transactions.execute(status -> store.take(challenge, now));
        if (Objects.requireNonNull(taken).filter(c -> c.purpose().equals(purpose.stored)
                && Objects.equals(c.account(), expected)).isEmpty()) {
            throw refused(concerned, purpose, channel, "unknown-challenge");
        }
        if (owner.isEmpty() || (expected != null && !expected.equals(owner.get().account()))) {
            throw refused(concerned, purpose, channel, "unknown-passkey");
        }
        UserId ownerId = owner.get().account();
        if (owner.get().removed()) {
            throw refused(ownerId, purpose, channel, "removed");
        }
        Bytes handle = signed.getResponse().getUserHandle();
        if (handle != null && !store.accountOfHandle(handle.getBytes()).equals(Optional.of(ownerId))) {
            throw refused(ownerId, purpose, channel, "wrong-user-handle");
        }
        String failure = transactions.execute(status -> {
            // One use of a passkey at a time: a second, at once, sees the counter the first one left.
            store.lock(signed.getRawId());
            CredentialRecord before = store.findByCredentialId(signed.getRawId());
            try {
                relyingParty.get().operations().authenticate(new RelyingPartyAuthenticationRequest(
                        PublicKeyCredentialRequestOptions.builder()
                                .challenge(new Bytes(challenge))
                                .rpId(relyingParty.get().entity().getId())
                                .userVerification(UserVerificationRequirement.REQUIRED)
                                .build(),
                        signed));
            } catch (RuntimeException badSignature) {
                status.setRollbackOnly();
                return "not-verified";
            }
            // WebAuthn §7.2 step 22: a counter that does not move forward means two devices hold the key.
            long used = signatureCount(signed.getResponse().getAuthenticatorData());
            if (before != null && (used != 0 || before.getSignatureCount() != 0)
                    && used <= before.getSignatureCount()) {
                status.setRollbackOnly();
                return "counter-went-back";
            }
            return null;
        });
        if (failure != null) {
            throw refused(ownerId, purpose, channel, failure);
        }
        Optional<AccountRow> account = accounts.findById(ownerId).filter(AccountRow::usable);
        if (account.isEmpty()) {
            throw refused(ownerId, purpose, channel, "account-not-usable");
        }
        if (purpose == Purpose.SECOND_FACTOR) {
            // The password's count stays until the second factor is good, as with an app's code.
            transactions.executeWithoutResult(status -> throttle.succeeded(account.get().email(), clientAddress));
        }
        return ownerId;
    }

    /**
     * A refusal, audited when it concerns an account (the ceremony's, or the passkey's owner). An answer that names
     * none (malformed, to no open challenge, by a passkey nobody has) is anyone's: like a made-up refresh token it is
     * recorded nowhere, so a flood of them cannot fill the audit trail.
     */
    private RefusedException refused(@Nullable UserId account, Purpose purpose, String channel, String reason) {
        if (account != null) {
            Role role = accounts.findById(account).map(AccountRow::role).orElse(null);
            transactions.executeWithoutResult(status -> events.publishEvent(purpose == Purpose.STEP_UP
                    ? new CredentialEvent(account, role, What.STEP_UP_REFUSED, "passkey-" + reason, clock.instant())
                    : new SignInFailed(account, role, channel, "passkey-" + reason, clock.instant())));
        }
        return new RefusedException(reason);
    }

    // ---- options

    private PublicKeyCredentialCreationOptions creationOptions(UserId account, Bytes challenge) {
        PublicKeyCredentialUserEntity user = userEntity(account);
        return PublicKeyCredentialCreationOptions.builder()
                .rp(relyingParty.get().entity())
                .user(user)
                .challenge(challenge)
                .pubKeyCredParams(PublicKeyCredentialParameters.EdDSA, PublicKeyCredentialParameters.ES256,
                        PublicKeyCredentialParameters.RS256)
                .authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                        .residentKey(ResidentKeyRequirement.REQUIRED)
                        .userVerification(UserVerificationRequirement.REQUIRED)
                        .build())
                .attestation(AttestationConveyancePreference.NONE)
                .excludeCredentials(descriptors(store.findByUserId(user.getId())))
                .timeout(DEVICE_WAIT)
                .build();
    }

    private PublicKeyCredentialUserEntity userEntity(UserId account) {
        return Objects.requireNonNull(store.findByUsername(account.toString()), "no such account");
    }

    private static List<PublicKeyCredentialDescriptor> descriptors(List<CredentialRecord> records) {
        return records.stream().map(r -> PublicKeyCredentialDescriptor.builder()
                .id(r.getCredentialId()).transports(r.getTransports()).build()).toList();
    }

    private static <T> T parse(@Nullable String json, TypeReference<T> type) {
        try {
            T parsed = JSON.readValue(Objects.requireNonNull(json), type);
            if (parsed == null) {
                throw unanswerable("credential");
            }
            return parsed;
        } catch (JacksonException | IllegalArgumentException | NullPointerException malformed) {
            throw new InvalidInputException("credential", NOT_AN_ANSWER);
        }
    }

    /** The authenticator's signature counter: bytes 33 to 36 of its data, after the RP id hash and the flags. */
    private static long signatureCount(Bytes authenticatorData) {
        byte[] data = authenticatorData.getBytes();
        return data.length < 37 ? 0 : ((data[33] & 0xffL) << 24) | ((data[34] & 0xffL) << 16)
                | ((data[35] & 0xffL) << 8) | (data[36] & 0xffL);
    }

    /** The challenge the browser says it signed, from its client data (JSON, with the challenge in base64url). */
    private static byte[] challengeOf(@Nullable Bytes clientDataJson) {
        try {
            JsonNode clientData = JSON.readTree(new String(Objects.requireNonNull(clientDataJson).getBytes(),
                    StandardCharsets.UTF_8));
            return Base64.getUrlDecoder().decode(clientData.required("challenge").asString());
        } catch (JacksonException | IllegalArgumentException | NullPointerException malformed) {
            throw new InvalidInputException("credential", "That is not a passkey's answer. Try again from the "
                    + "page's button.");
        }
    }

    private static InvalidInputException unanswerable(String field) {
        return new InvalidInputException(field, "That passkey answers no request of yours that is still open (they "
                + "last five minutes). Try again from the page's button.");
    }
}
