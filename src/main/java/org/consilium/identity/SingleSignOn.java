package org.consilium.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.consilium.identity.internal.AccessTokenStore;
import org.consilium.identity.internal.AccountStore;
import org.consilium.identity.internal.AccountStore.AccountRow;
import org.consilium.identity.internal.InvitationStore;
import org.consilium.identity.internal.SsoLinkStore;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff sign-in by the organization's identity provider (OpenID Connect, {@link SingleSignOnSettings}): which account
 * a person the provider signed in is, and whether they may be it. The provider's person is found by its issuer and
 * subject; at their first sign-in they are linked to the staff account with the address the provider says it
 * verified, or, where the deployment allows it, a staff account is made for them. Their role claim must still grant
 * the account's role at every sign-in: a provider that took the role away ends their access. Every outcome goes on the
 * audit trail; a refusal changes nothing. Nothing of the provider's tokens is kept.
 */
@Service
public class SingleSignOn {

    /** How much older than the start of a step-up the provider's sign-in may be: the two clocks may differ a little. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final SingleSignOnSettings settings;
    private final AccountStore accounts;
    private final SsoLinkStore links;
    private final InvitationStore invitations;
    private final ApplicationEventPublisher events;
    private final IdentityManagement identity;
    private final Clock clock;
    /** What a provisioned account holds as its password hash: nothing matches it. */
    private final String unusableHash;

    SingleSignOn(SingleSignOnSettings settings, AccountStore accounts, SsoLinkStore links,
            InvitationStore invitations, ApplicationEventPublisher events, IdentityManagement identity,
            PasswordEncoder passwords, Clock clock) {
        this.settings = settings;
        this.accounts = accounts;
        this.links = links;
        this.invitations = invitations;
        this.events = events;
        this.identity = identity;
        this.clock = clock;
        this.unusableHash = settings.enabled() && settings.provision()
                ? passwords.encode(AccessTokenStore.newSecret()) : "!";
    }

    /**
     * What the provider said about the person it signed in, from its ID token (checked: signature, issuer, audience,
     * nonce, expiry).
     *
     * @param roleValues the values of the role claim ({@link SingleSignOnSettings#roleClaim()})
     * @param authTime when the person last proved who they are to the provider, if it says
     */
    public record Claims(String issuer, String subject, @Nullable String email, boolean emailVerified,
            List<String> roleValues, List<String> amr, @Nullable String acr, @Nullable Instant authTime,
            @Nullable String name) {
    }

    /** Whether the person may be signed in, and as whom. */
    public sealed interface Outcome permits Accepted, Refused {
    }

    /**
     * @param authentication when and how: by the provider, and by its second factor when it reports one
     */
    public record Accepted(AccountDetails account, AuthenticationContext authentication) implements Outcome {
    }

    /** @param reason for the audit trail only; the person is told the same for every refusal */
    public record Refused(String reason) implements Outcome {
    }

    /**
     * Finds or links (or makes) the account of the person the provider signed in. The sign-in itself is recorded by
     * {@link #signedIn} once its second factor, if it needs one of Consilium's own, is given; a refusal is recorded
     * here.
     */
    @Transactional
    public Outcome signIn(Claims claims) {
        Instant now = clock.instant();
        Set<Role> granted = settings.rolesGranted(claims.roleValues());
        Optional<UserId> linked = links.account(claims.issuer(), claims.subject());
        AccountRow row;
        if (linked.isPresent()) {
            row = accounts.findById(linked.get()).orElseThrow();
            Optional<String> refusal = refusalFor(row, granted);
            if (refusal.isPresent()) {
                return refused(row, refusal.get(), now);
            }
        } else {
            String email = claims.email() == null ? null : Registration.normalise(claims.email());
            if (email == null || email.isEmpty() || !claims.emailVerified()) {
                // Never link by an address the provider did not verify: anyone could have typed it there.
                return refused(null, "sso-address-not-verified", now);
            }
            Optional<AccountRow> existing = accounts.findByEmail(email);
            if (existing.isPresent()) {
                row = existing.get();
                Optional<String> refusal = refusalFor(row, granted);
                if (refusal.isPresent()) {
                    return refused(row, refusal.get(), now);
                }
                if (links.linked(row.id(), claims.issuer())) {
                    // Another of the provider's people holds this account: an address handed on to someone new
                    // (a departed clinician's) must not hand them the account.
                    return refused(row, "sso-account-linked-to-another", now);
                }
                if (!row.emailVerified()) {
                    // Invited and not yet joined: the provider's sign-in accepts the invitation, while it lasts.
                    Optional<InvitationStore.InvitationRow> invitation = invitations.acceptLive(row.id(), now);
                    if (invitation.isEmpty()) {
                        return refused(row, "sso-account-not-confirmed", now);
                    }
                    accounts.markVerified(row.id(), now);
                    events.publishEvent(new InvitationAccepted(new InvitationId(invitation.get().id()), row.id(),
                            row.email(), row.role(), row.displayName(), now));
                }
                if (!links.link(row.id(), claims.issuer(), claims.subject(), now)) {
                    return refused(row, "sso-account-linked-to-another", now);
                }
                events.publishEvent(new CredentialEvent(row.id(), row.role(), CredentialEvent.What.SSO_LINKED, null,
                        now));
            } else if (settings.provision()) {
                if (granted.size() != 1) {
                    return refused(null, granted.isEmpty() ? "sso-role-not-granted" : "sso-role-ambiguous", now);
                }
                Role role = granted.iterator().next();
                if (role == Role.ADMIN) {
                    // Administrators are invited by administrators, never made by a provider's group.
                    return refused(null, "sso-administrator-needs-invitation", now);
                }
                if (role == Role.SPECIALIST) {
                    // A specialist's directory entry (center, title, expertise) is made by an administrator's
                    // invitation, which single sign-on then accepts.
                    return refused(null, "sso-specialist-needs-invitation", now);
                }
                UserId id = UserId.random();
                if (!accounts.insertProvisioned(id, email, displayName(claims, email), role, unusableHash, now)) {
                    return refused(null, "sso-address-taken", now);
                }
                links.link(id, claims.issuer(), claims.subject(), now);
                events.publishEvent(new CredentialEvent(id, role, CredentialEvent.What.SSO_PROVISIONED, null, now));
                row = accounts.findById(id).orElseThrow();
            } else {
                return refused(null, "sso-no-account", now);
            }
        }
        AccountRow current = accounts.findById(row.id()).orElseThrow();
        return new Accepted(IdentityManagement.details(current).withoutPassword(), authentication(claims, now));
    }

    /**
     * Records a browser sign-in by single sign-on for the audit trail, as {@code sso}, or {@code sso+mfa} when the
     * provider reported a second factor.
     */
    @Transactional
    public void signedIn(AccountDetails account, AuthenticationContext authentication, String clientAddress) {
        identity.signedIn(account, clientAddress,
                authentication.methods().contains(AuthMethod.SSO_MULTI_FACTOR) ? "sso+mfa" : "sso");
    }

    /**
     * A step-up by the provider: it was asked to have the person prove again who they are ({@code prompt=login},
     * {@code max_age=0}), and it must be the same account that asked, proved no earlier than the step-up began.
     * Someone else coming back, or a provider that let an old sign-in stand, is refused: audited, and the account's
     * authentication stays as it was.
     *
     * @param signedIn the account whose browser asked for the step-up
     * @param began when the browser was sent to the provider
     */
    @Transactional
    public Outcome stepUp(UserId signedIn, Instant began, Claims claims) {
        Outcome outcome = signIn(claims);
        if (!(outcome instanceof Accepted accepted)) {
            return outcome;
        }
        Instant now = clock.instant();
        Role role = accounts.findById(signedIn).map(AccountRow::role).orElse(null);
        if (!accepted.account().actor().id().equals(signedIn)) {
            events.publishEvent(new CredentialEvent(signedIn, role, CredentialEvent.What.STEP_UP_REFUSED,
                    "sso-other-account", now));
            return new Refused("sso-other-account");
        }
        if (claims.authTime() == null || claims.authTime().isBefore(began.minus(CLOCK_SKEW))) {
            events.publishEvent(new CredentialEvent(signedIn, role, CredentialEvent.What.STEP_UP_REFUSED,
                    "sso-not-fresh", now));
            return new Refused("sso-not-fresh");
        }
        if (accepted.account().secondFactor() && !accepted.authentication().multiFactor()) {
            // The provider's password alone is less than the account's own step-up asks: its second factor.
            events.publishEvent(new CredentialEvent(signedIn, role, CredentialEvent.What.STEP_UP_REFUSED,
                    "sso-second-factor-needed", now));
            return new Refused("sso-second-factor-needed");
        }
        events.publishEvent(new CredentialEvent(signedIn, role, CredentialEvent.What.STEPPED_UP, null, now));
        return accepted;
    }

    /**
     * Records a single sign-on that failed before anyone was known: the provider answered with an error, or the
     * answer did not belong to this browser's request (its {@code state} did not match).
     *
     * @param reason a short code, such as {@code sso-authorization_request_not_found}
     */
    @Transactional
    public void failed(String reason) {
        events.publishEvent(new SignInFailed(null, null, "sso", reason, clock.instant()));
    }

    /** Why the account may not be signed in as, by this role claim; empty when it may. */
    private static Optional<String> refusalFor(AccountRow row, Set<Role> granted) {
        if (!row.role().isStaff()) {
            return Optional.of("sso-not-staff");
        }
        if (row.suspended()) {
            return Optional.of("sso-suspended");
        }
        if (!granted.contains(row.role())) {
            return Optional.of("sso-role-not-granted");
        }
        return Optional.empty();
    }

    private Refused refused(@Nullable AccountRow row, String reason, Instant now) {
        events.publishEvent(new SignInFailed(row == null ? null : row.id(), row == null ? null : row.role(), "sso",
                reason, now));
        return new Refused(reason);
    }

    /** When: the provider's {@code auth_time}, never later than now; how: by the provider, and its second factor. */
    private AuthenticationContext authentication(Claims claims, Instant now) {
        Instant at = claims.authTime() == null || claims.authTime().isAfter(now) ? now : claims.authTime();
        EnumSet<AuthMethod> methods = EnumSet.of(AuthMethod.SINGLE_SIGN_ON);
        if (settings.reportsMultiFactor(claims.amr(), claims.acr())) {
            methods.add(AuthMethod.SSO_MULTI_FACTOR);
        }
        return new AuthenticationContext(at, methods);
    }

    private static String displayName(Claims claims, String email) {
        String name = claims.name() == null ? "" : claims.name().strip();
        return name.isEmpty() || name.length() > 200 ? email : name;
    }
}
