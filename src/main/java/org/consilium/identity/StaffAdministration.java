package org.consilium.identity;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.consilium.identity.AccountAdministered.What;
import org.consilium.identity.internal.AccessTokenStore;
import org.consilium.identity.internal.AccountLinkStore;
import org.consilium.identity.internal.AccountLinkStore.Purpose;
import org.consilium.identity.internal.AccountStore;
import org.consilium.identity.internal.AccountStore.AccountRow;
import org.consilium.identity.internal.AccountStore.StaffRow;
import org.consilium.identity.internal.InvitationStore;
import org.consilium.identity.internal.PersonalTokenStore;
import org.consilium.identity.internal.InvitationStore.InvitationRow;
import org.consilium.shared.Check;
import org.consilium.shared.DomainException;
import org.consilium.shared.FieldLabels;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.PublicLinks;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Staff accounts, kept by administrators: the first administrator (made by the local operator), invitations with a
 * role, role changes, suspension and reactivation. Nothing is deleted: a suspended account stays, with who suspended
 * it and why, and every change is on the audit trail under the administrator's name. A suspension ends the account's
 * tokens and browser sessions at once.
 *
 * <p>An invitation makes the account, unconfirmed and without a usable password, and mails a single-use link to
 * choose the password, valid {@link #INVITATION_LIFETIME}; following it confirms the address and accepts the
 * invitation ({@link InvitationAccepted}). An invitation to an address that has an account changes nothing, tells the
 * holder (by a mail with the same subject), and is answered, listed and sent again like any invitation never accepted,
 * so an administrator cannot use invitations to learn who has an account.
 */
@Service
public class StaffAdministration {

    /** The roles an administrator invites; patients register themselves, delegates are invited by their patient. */
    public static final Set<Role> STAFF_ROLES = EnumSet.of(Role.COORDINATOR, Role.SPECIALIST, Role.MEDICAL_DIRECTOR,
            Role.BILLING_ADMIN, Role.SPONSOR_ADMIN, Role.ADMIN);

    static final Duration INVITATION_LIFETIME = Duration.ofDays(3);
    static final int MAX_REASON = 500;

    private final AccountStore accounts;
    private final AccountLinkStore links;
    private final InvitationStore invitations;
    private final AccessTokenStore tokens;
    private final PersonalTokenStore personalTokens;
    private final AccountMails mails;
    private final PublicLinks publicLinks;
    private final CenterAdministrators centerAdministrators;
    private final ApplicationEventPublisher events;
    private final StepUp stepUp;
    private final Clock clock;
    private final TransactionTemplate transactions;
    /** The hash an invited account holds until its holder chooses a password: nothing matches it. */
    private final String unusableHash;

    StaffAdministration(AccountStore accounts, AccountLinkStore links, InvitationStore invitations,
            AccessTokenStore tokens, PersonalTokenStore personalTokens, AccountMails mails, PublicLinks publicLinks,
            PasswordEncoder passwords, ApplicationEventPublisher events, StepUp stepUp,
            CenterAdministrators centerAdministrators, Clock clock, PlatformTransactionManager transactionManager) {
        this.stepUp = stepUp;
        this.centerAdministrators = centerAdministrators;
        this.accounts = accounts;
        this.links = links;
        this.invitations = invitations;
        this.tokens = tokens;
        this.personalTokens = personalTokens;
        this.mails = mails;
        this.publicLinks = publicLinks;
        this.events = events;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.unusableHash = passwords.encode(AccessTokenStore.newSecret());
    }

    /**
     * Makes the first administrator, for the local operator on a data directory that has none, and answers the link
     * with which they choose their password (printed for the operator; nothing is mailed).
     *
     * @throws IllegalTransitionException when an administrator exists already: more are invited from the app
     */
    public URI createFirstAdministrator(AccessScope operator, @Nullable String email, @Nullable String displayName) {
        Actor actor = operator.actor();
        requireAdministrator(actor);
        Invitee invitee = Invitee.of(email, displayName, Role.ADMIN.name());
        return publicLinks.resolve(AccountMails.RESET_PATH + refusedOrDone(actor, null,
                What.FIRST_ADMINISTRATOR_CREATED, now -> {
                    if (accounts.anyAdministrator()) {
                        throw new IllegalTransitionException("an administrator exists already; invite more "
                                + "administrators from the app, on its Accounts page");
                    }
                    UserId id = UserId.random();
                    if (!accounts.insertInvited(id, invitee.email(), invitee.displayName(), Role.ADMIN, unusableHash,
                            actor.id(), now)) {
                        throw new IllegalTransitionException("this address has an account already; give it the "
                                + "administrator role from the app, or choose another address");
                    }
                    publish(actor, id, What.FIRST_ADMINISTRATOR_CREATED, "as " + Role.ADMIN.name(), now);
                    invitations.insert(invitee.email(), invitee.displayName(), Role.ADMIN, actor.id(), now,
                            now.plus(INVITATION_LIFETIME), id);
                    return links.issue(id, Purpose.SET_PASSWORD, now, INVITATION_LIFETIME);
                }));
    }

    /**
     * Invites someone to a staff role and answers the invitation. The answer, and what administrators see of the
     * invitation, is the same whether or not the address has an account: when it has, nothing changes, the holder is
     * told, and the invitation waits like any other that is never accepted. An invitation not yet
     * accepted is sent again with the name and role given now, in place of the earlier one, whose links stay valid
     * until they expire.
     */
    public InvitationId invite(AccessScope scope, @Nullable String email, @Nullable String displayName,
            @Nullable String role) {
        requireAdministrator(scope.actor());
        return invited(scope, Invitee.of(email, displayName, role), true);
    }

    /**
     * Invites a specialist, as {@link #invite} does, for an administrator or for a center's administrator (whose
     * directory keeps which center: it is the caller that checks the center is theirs). A specialist is the one role
     * that belongs to a center; every other role is the service's, and only an administrator gives it. A center's
     * administrator never changes someone else's invitation: an address invited to another role, or (as the caller
     * says) to another center, is answered alike and changes nothing, as an address with an account is.
     *
     * @param replacesPending whether an invitation of a specialist waiting at this address may be sent again in its
     *     place: false when it is another center's
     * @throws ForbiddenActionException when the caller administers neither the service nor a center
     */
    public InvitationId inviteSpecialist(AccessScope scope, @Nullable String email, @Nullable String displayName,
            boolean replacesPending) {
        Actor actor = scope.actor();
        if (!actor.is(Role.ADMIN) && !(STAFF_ROLES.contains(actor.role())
                && centerAdministrators.administersACenter(actor.id()))) {
            throw new ForbiddenActionException("only an administrator, or a center's administrator, invites "
                    + "specialists");
        }
        return invited(scope, Invitee.of(email, displayName, Role.SPECIALIST.name()),
                actor.is(Role.ADMIN) || replacesPending);
    }

    private InvitationId invited(AccessScope scope, Invitee invitee, boolean replacesPending) {
        Actor actor = scope.actor();
        stepUp.require(scope, "Inviting staff");
        return refusedOrDone(actor, null, What.INVITED, now -> {
            Instant expires = now.plus(INVITATION_LIFETIME);
            UserId id = UserId.random();
            if (accounts.insertInvited(id, invitee.email(), invitee.displayName(), invitee.role(), unusableHash,
                    actor.id(), now)) {
                sendInvitation(actor, accounts.findById(id).orElseThrow(), now);
                return invitation(invitations.insert(invitee.email(), invitee.displayName(), invitee.role(),
                        actor.id(), now, expires, id));
            }
            AccountRow taken = accounts.findByEmail(invitee.email()).orElseThrow();
            if (!taken.emailVerified() && accounts.invited(taken.id()) && replacesPending
                    && (actor.is(Role.ADMIN) || taken.role() == invitee.role())) {
                accounts.renameAndChangeRole(taken.id(), invitee.displayName(), invitee.role());
                sendInvitation(actor, accounts.findById(taken.id()).orElseThrow(), now);
                return invitation(invitations.insert(invitee.email(), invitee.displayName(), invitee.role(),
                        actor.id(), now, expires, taken.id()));
            }
            // A mail for every invitation, as to a free address: the outbox must not tell the two apart.
            mails.invitedAgain(taken, invitee.role());
            publish(actor, taken.id(), What.INVITED_TAKEN_ADDRESS, "as " + invitee.role().name(), now);
            return invitation(invitations.insert(invitee.email(), invitee.displayName(), invitee.role(), actor.id(),
                    now, expires, null));
        });
    }

    /** Sends a pending invitation again, with its name and role. */
    public InvitationId resend(AccessScope scope, InvitationId invitation) {
        requireAdministrator(scope.actor());
        InvitationRow pending = Objects.requireNonNull(transactions.execute(status ->
                invitations.pending(invitation.value()))).orElseThrow(() ->
                        new NotFoundException("no such invitation waiting; it may have been accepted meanwhile"));
        return invite(scope, pending.email(), pending.displayName(), pending.role().name());
    }

    private static InvitationId invitation(java.util.UUID id) {
        return new InvitationId(id);
    }

    private void sendInvitation(Actor inviter, AccountRow invitee, Instant now) {
        mails.invitation(invitee, inviter.displayName(),
                links.issue(invitee.id(), Purpose.SET_PASSWORD, now, INVITATION_LIFETIME), INVITATION_LIFETIME);
        publish(inviter, invitee.id(), What.INVITED, "as " + invitee.role().name(), now);
    }

    /**
     * Suspends an account: it can no longer sign in, and its tokens and browser sessions end at once. Nothing of it
     * is deleted.
     *
     * @throws InvalidInputException without a reason
     * @throws IllegalTransitionException for the caller's own account, the last administrator who can act, or an
     *     account suspended already
     */
    public void suspend(AccessScope scope, UserId accountId, @Nullable String reason) {
        Actor actor = scope.actor();
        requireAdministrator(actor);
        new Check().required("reason", reason, MAX_REASON).orThrow();
        String why = Objects.requireNonNull(reason).strip();
        stepUp.require(scope, "Suspending an account");
        refusedOrDone(actor, accountId, What.SUSPENDED, now -> {
            AccountRow account = existing(accountId);
            notOneself(actor, account, "suspend");
            if (account.role() == Role.ADMIN && account.usable() && accounts.usableAdministrators() <= 1) {
                throw new IllegalTransitionException("this is the last administrator who can act; invite another "
                        + "before suspending this one");
            }
            if (!accounts.suspend(account.id(), actor.id(), why, now)) {
                throw new IllegalTransitionException("this account is suspended already");
            }
            tokens.revokeAllOf(account.id(), null, now);
            personalTokens.revokeAllOf(account.id(), now);
            publish(actor, account.id(), What.SUSPENDED, why, now);
            return account.id();
        });
    }

    /** Lifts a suspension: the holder signs in again with their password. */
    public void reactivate(AccessScope scope, UserId accountId) {
        Actor actor = scope.actor();
        requireAdministrator(actor);
        stepUp.require(scope, "Reactivating an account");
        refusedOrDone(actor, accountId, What.REACTIVATED, now -> {
            AccountRow account = existing(accountId);
            if (!accounts.reactivate(account.id())) {
                throw new IllegalTransitionException("this account is not suspended");
            }
            publish(actor, account.id(), What.REACTIVATED, null, now);
            return account.id();
        });
    }

    /**
     * Gives a staff account another staff role; it counts from the holder's next request. A patient's account is not
     * a staff account and keeps its role.
     */
    public void changeRole(AccessScope scope, UserId accountId, @Nullable String role) {
        Actor actor = scope.actor();
        requireAdministrator(actor);
        Role wanted = staffRole("role", role);
        stepUp.require(scope, "Changing a role");
        refusedOrDone(actor, accountId, What.ROLE_CHANGED, now -> {
            AccountRow account = existing(accountId);
            notOneself(actor, account, "change the role of");
            if (!STAFF_ROLES.contains(account.role())) {
                throw new IllegalTransitionException("only a staff account's role can change; this account is a "
                        + account.role().label().toLowerCase(java.util.Locale.ROOT) + "'s");
            }
            if (account.role() == wanted) {
                throw new IllegalTransitionException("this account is a " + wanted.label().toLowerCase(
                        java.util.Locale.ROOT) + " already");
            }
            if (account.role() == Role.ADMIN && account.usable() && accounts.usableAdministrators() <= 1) {
                throw new IllegalTransitionException("this is the last administrator who can act; invite another "
                        + "before giving this one another role");
            }
            accounts.changeRole(account.id(), wanted);
            publish(actor, account.id(), What.ROLE_CHANGED, account.role().name() + " to " + wanted.name(), now);
            return account.id();
        });
    }

    /**
     * The staff, for administrators: every staff account that was activated (by role and name), and every invitation
     * waiting to be accepted (newest first).
     */
    public Staff staff(AccessScope scope) {
        requireAdministrator(scope.actor());
        Instant now = clock.instant();
        return Objects.requireNonNull(transactions.execute(status -> new Staff(
                accounts.staff(STAFF_ROLES).stream().filter(row -> row.emailVerified() || row.suspendedAt() != null)
                        .map(StaffAccount::of).toList(),
                invitations.allPending().stream().map(row -> new PendingInvitation(new InvitationId(row.id()),
                        row.email(), row.displayName(), row.role(), row.invitedAt(), row.expiresAt(),
                        !now.isBefore(row.expiresAt()))).toList())));
    }

    /** The staff as administrators see them. */
    public record Staff(List<StaffAccount> accounts, List<PendingInvitation> invitations) {
    }

    /**
     * An invitation not accepted yet: it looks the same whether its address was free or had an account.
     *
     * @param expired whether its link expired; sending it again makes a new one
     */
    public record PendingInvitation(InvitationId id, String email, String displayName, Role role, Instant invitedAt,
            Instant expiresAt, boolean expired) {
    }

    /** A staff account as administrators see it. */
    public record StaffAccount(UserId id, String email, String displayName, Role role, State state,
            Instant createdAt, @Nullable Instant suspendedAt, @Nullable String suspensionReason) {

        /** Where the account stands. */
        public enum State {
            ACTIVE,
            SUSPENDED;

            public String label() {
                return switch (this) {
                    case ACTIVE -> "Active";
                    case SUSPENDED -> "Suspended";
                };
            }
        }

        static StaffAccount of(StaffRow row) {
            State state = row.suspendedAt() != null ? State.SUSPENDED : State.ACTIVE;
            return new StaffAccount(row.id(), row.email(), row.displayName(), row.role(), state, row.createdAt(),
                    row.suspendedAt(), row.suspensionReason());
        }
    }

    /** Whom to invite, checked: every problem reported at once. */
    private record Invitee(String email, String displayName, Role role) {

        static Invitee of(@Nullable String email, @Nullable String displayName, @Nullable String role) {
            Check check = new Check()
                    .required("email", email, 254)
                    .that(email == null || email.isBlank() || Check.isEmailAddress(email.strip()), "email",
                            FieldLabels.of("email") + " must be an address like name@example.org")
                    .required("displayName", displayName, 120);
            Optional<Role> parsed = parseStaffRole(role);
            check.that(parsed.isPresent(), "role", "choose one of the staff roles: " + STAFF_ROLES);
            check.orThrow();
            return new Invitee(Registration.normalise(Objects.requireNonNull(email)),
                    Objects.requireNonNull(displayName).strip(), parsed.orElseThrow());
        }
    }

    private static Role staffRole(String field, @Nullable String role) {
        return parseStaffRole(role).orElseThrow(() -> new InvalidInputException(field,
                "choose one of the staff roles: " + STAFF_ROLES));
    }

    private static Optional<Role> parseStaffRole(@Nullable String role) {
        return STAFF_ROLES.stream().filter(r -> r.name().equals(role)).findFirst();
    }

    private static void requireAdministrator(Actor actor) {
        if (!actor.is(Role.ADMIN)) {
            throw new ForbiddenActionException("only an administrator keeps accounts");
        }
    }

    private AccountRow existing(UserId id) {
        return accounts.findById(id).orElseThrow(() -> new NotFoundException("no such account"));
    }

    private static void notOneself(Actor actor, AccountRow account, String verb) {
        if (actor.id().equals(account.id())) {
            throw new IllegalTransitionException("you cannot " + verb + " your own account; ask another "
                    + "administrator");
        }
    }

    /** What an administrative action does, given the time, in its transaction; it throws to refuse. */
    private interface Action<T> {
        T apply(Instant now);
    }

    /**
     * Runs the action in a transaction; a refusal rolls it back, is put on the audit trail in a transaction of its
     * own, and is thrown on.
     */
    private <T> T refusedOrDone(Actor actor, @Nullable UserId accountId, What what, Action<T> action) {
        try {
            return Objects.requireNonNull(transactions.execute(status -> action.apply(clock.instant())));
        } catch (DomainException refused) {
            transactions.executeWithoutResult(status -> events.publishEvent(new AccountAdministered(actor.id(),
                    actor.role(), accountId, null, what, null, refused.reason(), clock.instant())));
            throw refused;
        }
    }

    private void publish(Actor actor, UserId accountId, What what, @Nullable String detail, Instant now) {
        events.publishEvent(new AccountAdministered(actor.id(), actor.role(), accountId,
                accounts.findById(accountId).map(AccountRow::role).orElse(null), what, detail, null, now));
    }
}
