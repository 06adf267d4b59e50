package org.consilium.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.consilium.identity.internal.AccessTokenStore;
import org.consilium.identity.internal.AccountLinkStore;
import org.consilium.identity.internal.AccountLinkStore.Purpose;
import org.consilium.identity.internal.AccountStore;
import org.consilium.identity.internal.AccountStore.AccountRow;
import org.consilium.identity.internal.DelegationStore;
import org.consilium.identity.internal.GrantStore;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.consilium.shared.FieldLabels;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people a patient lets into a case: their local doctor, or a caregiver, invited by e-mail with the rights the
 * patient chose ({@link DelegateRight}). A delegate's access is a grant of reason {@link GrantReason#DELEGATE} that
 * carries those rights, so every module's policy reads it like any other grant, and a revocation counts from the
 * delegate's next request. An address without an account gets one (a doctor's account, or a patient's for a
 * caregiver) and a link to choose its password; an address with one is told that a case was shared with it. The
 * patient is answered the same either way. Intake decides who may invite and revoke; this keeps the delegations.
 */
@Service
public class Delegations {

    /** How long the link of an invitation to a new account works. */
    static final Duration INVITATION_LIFETIME = Duration.ofDays(7);

    /** Who a delegate is to the patient, and the role of an account made for them. */
    public enum Kind {
        REFERRING_PHYSICIAN(Role.REFERRING_PHYSICIAN, "Doctor"),
        CAREGIVER(Role.PATIENT, "Caregiver");

        private final Role role;
        private final String label;

        Kind(Role role, String label) {
            this.role = role;
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A delegation as the patient sees it; a revoked one stays in the list. */
    public record Delegate(DelegationId id, UserId account, String email, String displayName, Kind kind,
            Set<DelegateRight> rights, Instant invitedAt, @Nullable Instant revokedAt) {

        public boolean live() {
            return revokedAt == null;
        }

        /** What they may do besides viewing, in a fixed order. */
        public List<DelegateRight> extraRights() {
            return rights.stream().filter(r -> r != DelegateRight.VIEW).sorted().toList();
        }
    }

    /** An invitation's fields, checked. */
    public record Invitation(String email, String displayName, Kind kind, Set<DelegateRight> rights) {

        /**
         * Checks an invitation as typed: an address, a name, who they are, and the rights beyond viewing, by their
         * stored names ({@code upload-records}, {@code read-report}, {@code message}, {@code withdraw}).
         */
        public static Invitation parse(@Nullable String email, @Nullable String displayName, @Nullable String kind,
                @Nullable List<String> rights) {
            Check check = new Check()
                    .required("email", email, 254)
                    .that(email == null || email.isBlank() || Check.isEmailAddress(email.strip()), "email",
                            FieldLabels.of("email") + " must be an address like name@example.org")
                    .required("displayName", displayName, 120);
            Kind parsedKind = kind == null ? null : java.util.Arrays.stream(Kind.values())
                    .filter(k -> k.name().equals(kind)).findFirst().orElse(null);
            check.that(parsedKind != null, "kind", "choose who they are: REFERRING_PHYSICIAN or CAREGIVER");
            EnumSet<DelegateRight> parsed = EnumSet.of(DelegateRight.VIEW);
            List<String> given = rights == null ? List.of() : rights;
            check.that(given.size() <= DelegateRight.values().length, "rights", "at most "
                    + DelegateRight.values().length + " rights");
            for (String right : given.stream().limit(DelegateRight.values().length + 1L).toList()) {
                var known = right == null ? java.util.Optional.<DelegateRight>empty() : DelegateRight.fromStored(right);
                check.that(known.isPresent(), "rights", "each right is one of view, upload-records, read-report, "
                        + "message, withdraw");
                known.ifPresent(parsed::add);
            }
            check.orThrow();
            return new Invitation(Registration.normalise(Objects.requireNonNull(email)),
                    Objects.requireNonNull(displayName).strip(), Objects.requireNonNull(parsedKind), parsed);
        }
    }

    private final AccountStore accounts;
    private final AccountLinkStore links;
    private final DelegationStore delegations;
    private final GrantStore grants;
    private final AccountMails mails;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    /** The hash an account made by an invitation holds until its holder chooses a password: nothing matches it. */
    private final String unusableHash;

    Delegations(AccountStore accounts, AccountLinkStore links, DelegationStore delegations, GrantStore grants,
            AccountMails mails, PasswordEncoder passwords, ApplicationEventPublisher events, Clock clock) {
        this.accounts = accounts;
        this.links = links;
        this.delegations = delegations;
        this.grants = grants;
        this.mails = mails;
        this.events = events;
        this.clock = clock;
        this.unusableHash = passwords.encode(AccessTokenStore.newSecret());
    }

    /**
     * Lets the person with the invitation's address into the case, with its rights. Inviting someone again with other
     * rights replaces their delegation. Called by intake once it decided the patient may, in its transaction.
     *
     * @param caseActiveAt the case's time of last activity, which orders the delegate's case list
     * @throws InvalidInputException on {@code email} for the patient's own address
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public DelegationId invite(Actor patient, CaseId caseId, Invitation invitation, Instant caseActiveAt) {
        Instant now = clock.instant();
        UserId newId = UserId.random();
        boolean made = accounts.insertInvited(newId, invitation.email(), invitation.displayName(),
                invitation.kind().role, unusableHash, patient.id(), now);
        AccountRow delegate = made ? accounts.findById(newId).orElseThrow()
                : accounts.findByEmail(invitation.email()).orElseThrow();
        if (delegate.id().equals(patient.id())) {
            throw new InvalidInputException("email", "this is your own address; give the address of the person you "
                    + "want to let in");
        }
        // Someone of the case's care team sees it already: the invitation is answered and kept like any other (the
        // patient must not learn who an offered specialist is by guessing addresses), without a grant of its own.
        Set<GrantReason> held = grants.liveReasons(delegate.id(), caseId, now);
        boolean careTeam = !held.isEmpty() && !held.contains(GrantReason.DELEGATE);
        delegations.liveOf(caseId, delegate.id()).ifPresent(earlier ->
                delegations.revoke(earlier.id(), patient.id(), now));
        DelegationId id = new DelegationId(UUID.randomUUID());
        delegations.insert(id.value(), caseId, delegate.id(), patient.id(), invitation.email(),
                invitation.displayName(), invitation.kind().name(), DelegateRight.store(invitation.rights()), now);
        if (!careTeam) {
            grants.grant(delegate.id(), caseId, GrantReason.DELEGATE, patient.id(), now, null, caseActiveAt,
                    DelegateRight.store(invitation.rights()));
        }
        if (made || !delegate.emailVerified() && accounts.invited(delegate.id())) {
            // A newcomer, or someone invited before who never chose a password: a link to choose it.
            mails.delegateInvitation(delegate, patient.displayName(), invitation.kind().label(),
                    links.issue(delegate.id(), Purpose.SET_PASSWORD, now, INVITATION_LIFETIME), INVITATION_LIFETIME);
        } else {
            mails.caseShared(delegate, patient.displayName());
        }
        accounts.findById(patient.id()).ifPresent(holder -> mails.delegateAdded(holder, invitation.displayName(),
                invitation.email()));
        events.publishEvent(new DelegationChanged(caseId, patient.id(), delegate.id(), DelegationChanged.What.INVITED,
                invitation.kind().name() + " " + DelegateRight.store(invitation.rights())
                        + (careTeam ? " (of the care team already: no grant)" : ""), now));
        return id;
    }

    /**
     * Ends a delegation: the delegate's grant ends, from their next request. Called by intake once it decided the
     * patient may, in its transaction.
     *
     * @throws NotFoundException when the case has no such delegation, or it was revoked already
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void revoke(Actor patient, CaseId caseId, DelegationId id) {
        Instant now = clock.instant();
        Delegate delegate = delegations.find(caseId, id.value()).filter(Delegate::live)
                .orElseThrow(() -> new NotFoundException("no such delegate on this case, or revoked already"));
        delegations.revoke(id, patient.id(), now);
        grants.revoke(delegate.account(), caseId, GrantReason.DELEGATE, patient.id(), now);
        events.publishEvent(new DelegationChanged(caseId, patient.id(), delegate.account(),
                DelegationChanged.What.REVOKED, null, now));
    }

    /** Every delegation of the case, live and revoked, newest first. Intake decides who may see them. */
    @Transactional(readOnly = true)
    public List<Delegate> of(CaseId caseId) {
        return delegations.ofCase(caseId);
    }
}
