package org.consilium.intake;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.consilium.identity.AccessGrants;
import org.consilium.identity.DelegationId;
import org.consilium.identity.Delegations;
import org.consilium.identity.AccessScope;
import org.consilium.identity.CaseActivity;
import org.consilium.identity.CaseVisibility;
import org.consilium.identity.GrantReason;
import org.consilium.identity.GrantedCase;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.Role;
import org.consilium.identity.StepUp;
import org.consilium.intake.internal.BreakGlassStore;
import org.consilium.intake.internal.CaseStore;
import org.consilium.intake.internal.CaseStore.StoredCase;
import org.consilium.intake.internal.CaseStore.StoredSummary;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.consilium.shared.Decision;
import org.consilium.shared.ExpectedVersion;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.Specialty;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The intake module's API: open, read and move cases through their lifecycle. Every method takes the caller's
 * {@link AccessScope}. Whether the caller may see or change a case is decided per case by {@link CasePolicy}, from the
 * caller's live grant on it: a case the caller may not see answers "not found", a refused action a 403 with the
 * reason, and both leave an audit record naming the rule.
 */
@Service
public class CaseManagement {

    private final CaseStore cases;
    private final AccessGrants grants;
    private final CaseVisibility visibility;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final IdentityManagement accounts;
    private final Delegations delegations;
    private final BreakGlassStore breakGlass;
    private final StepUp stepUp;
    private final java.time.Duration breakGlassLifetime;
    private final org.consilium.platform.RateLimiter limiter;
    private final RecordsCompleteness completeness;
    /**
     * How many people a patient may invite into their cases a day ({@code consilium.limits.delegate-invitations},
     * 20 unless configured): enough for a family and their doctors, too few to send mail in bulk from the service's
     * address.
     */
    private final int invitationsPerDay;

    CaseManagement(CaseStore cases, AccessGrants grants, CaseVisibility visibility, ApplicationEventPublisher events,
            Clock clock, IdentityManagement accounts, Delegations delegations, BreakGlassStore breakGlass,
            StepUp stepUp, org.consilium.platform.RateLimiter limiter, RecordsCompleteness completeness,
            @org.springframework.beans.factory.annotation.Value("${consilium.limits.delegate-invitations:20}")
            int invitationsPerDay,
            @org.springframework.beans.factory.annotation.Value("${consilium.security.break-glass-lifetime:60m}")
            java.time.Duration breakGlassLifetime) {
        this.delegations = delegations;
        this.completeness = completeness;
        this.breakGlass = breakGlass;
        this.stepUp = stepUp;
        this.breakGlassLifetime = breakGlassLifetime;
        this.limiter = limiter;
        this.invitationsPerDay = invitationsPerDay;
        this.cases = cases;
        this.grants = grants;
        this.visibility = visibility;
        this.events = events;
        this.clock = clock;
        this.accounts = accounts;
    }

    @Transactional
    public CaseView open(AccessScope scope, OpenCase command) {
        Instant now = clock.instant();
        List<Question> questions = command.questions().stream()
                .map(q -> new Question(QuestionId.random(), q.kind(), q.text()))
                .toList();
        SecondOpinionCase opened = SecondOpinionCase.open(CaseId.random(), cases.nextReference(now), scope.actor(),
                command.details(), questions, now);
        opened.savedAs(cases.insert(opened, now), now);
        grants.grant(scope.actor().id(), opened.id(), GrantReason.OWNER, scope.actor().id(), now);
        publish(opened);
        return view(opened, relation(scope, GrantReason.OWNER));
    }

    /** The case, when the scope may see it; an audited read. */
    @Transactional
    public CaseView find(AccessScope scope, CaseId id) {
        CaseView found = visible(scope, id, "read case", Lock.NONE);
        visibility.read(scope, id, "case");
        return found;
    }

    /**
     * The case, when the scope may see it, held in its current state until the caller's transaction ends: for work
     * that depends on the state, such as adding a record while records are still being collected. Not audited as a
     * read: the work the caller does with it is.
     */
    @Transactional
    public CaseView findHeld(AccessScope scope, CaseId id, String action) {
        return visible(scope, id, action, Lock.SHARE);
    }

    /**
     * The caller's view of the case without recording a read, for a module that records its own, more precise read
     * (the records list, the opinion) or decides an action of its own from the caller's relation to the case.
     */
    @Transactional
    public CaseView access(AccessScope scope, CaseId id, String action) {
        return visible(scope, id, action, Lock.NONE);
    }

    /**
     * Runs a page's reads of one case in one transaction: the case, its timeline and the other modules'
     * panels are then one audited read, and see one another's state.
     */
    @Transactional
    public <T> T inOneRead(java.util.function.Supplier<T> reads) {
        return reads.get();
    }

    /**
     * Enforces another module's decision on a case the caller sees: a refusal of the caller's role or relation is
     * audited with its reason and answered 403; a refusal of the case's state is a 409.
     */
    public void enforce(AccessScope scope, CaseId id, String action, Decision decision) {
        visibility.enforce(scope, id, action, decision);
    }

    /**
     * A page of the cases the scope may see, most recently active first: the cases the caller holds a live grant for,
     * and for coordinators the triage pool. Each source is read from its own index, one page at a time, whatever the
     * number of the caller's cases. Discarded drafts are left out unless {@code withDiscarded}: they are kept, but a
     * patient who discarded a draft does not want to see it among their cases.
     */
    @Transactional
    public CasePage list(AccessScope scope, CasePage.@Nullable Cursor after, int limit, boolean withDiscarded) {
        UserId me = scope.actor().id();
        Map<CaseId, CaseSummary> rows = new LinkedHashMap<>();
        CaseActivity from = after == null ? null : new CaseActivity(new CaseId(after.id()), after.updatedAt());
        // Another page of grants only when discarded drafts left this one short: never for callers without any.
        while (rows.size() <= limit) {
            List<GrantedCase> granted = grants.page(me, from, limit + 1);
            Map<CaseId, GrantReason> reasons = new LinkedHashMap<>();
            granted.forEach(g -> reasons.put(g.caseId(), g.reason()));
            cases.summaries(List.copyOf(reasons.keySet())).stream()
                    .filter(s -> withDiscarded || s.summary().status() != CaseStatus.DISCARDED)
                    .forEach(s -> rows.put(s.summary().id(), shown(scope, reasons.get(s.summary().id()), s)));
            if (granted.size() <= limit) {
                break;
            }
            GrantedCase lastGrant = granted.getLast();
            from = new CaseActivity(lastGrant.caseId(), lastGrant.activeAt());
        }
        if (scope.actor().is(Role.COORDINATOR)) {
            cases.triagePool(after, limit + 1)
                    .forEach(s -> rows.putIfAbsent(s.summary().id(), shown(scope, null, s)));
        }
        List<CaseSummary> ordered = new ArrayList<>(rows.values());
        ordered.sort(Comparator.comparing(CaseSummary::updatedAt).thenComparing(s -> s.id().value()).reversed());
        List<CaseSummary> page = List.copyOf(ordered.subList(0, Math.min(limit, ordered.size())));
        visibility.listed(scope, page.stream().map(CaseSummary::id).toList(), "case list");
        CaseSummary last = page.isEmpty() ? null : page.getLast();
        String next = ordered.size() > limit && last != null
                ? new CasePage.Cursor(last.updatedAt(), last.id().value()).encode() : null;
        return new CasePage(page, next);
    }

    /** As {@link #list(AccessScope, CasePage.Cursor, int, boolean)}, without discarded drafts. */
    @Transactional
    public CasePage list(AccessScope scope, CasePage.@Nullable Cursor after, int limit) {
        return list(scope, after, limit, false);
    }

    /** A list row as the caller may see it: whom the case is for only to those the policy lets know the patient. */
    private static CaseSummary shown(AccessScope scope, @Nullable GrantReason reason, StoredSummary stored) {
        CaseSummary row = stored.summary();
        CaseRelation relation = new CaseRelation(scope.actor(),
                reason == null ? java.util.Set.of() : java.util.EnumSet.of(reason));
        boolean mayKnow = CasePolicy.decide(relation, new CasePolicy.Facts(row.status(), stored.claimed(),
                row.specialty().isChosen()),
                CaseAction.READ_PATIENT_IDENTITY).isAllowed();
        return row.patient() == null || mayKnow ? row : row.withoutPatient();
    }

    @Transactional
    public List<CaseTransition> timeline(AccessScope scope, CaseId id) {
        return timeline(scope, visible(scope, id, "read timeline", Lock.NONE));
    }

    /** The timeline of a case the caller already holds the view of. */
    @Transactional
    public List<CaseTransition> timeline(AccessScope scope, CaseView c) {
        visibility.read(scope, c.id(), "timeline");
        return cases.timeline(c.id());
    }

    /**
     * The draft for its patient to edit: an audited read of the case, refused (403, 409) to anyone who may not edit
     * it now.
     */
    @Transactional
    public CaseView draftToEdit(AccessScope scope, CaseId id) {
        CaseView c = find(scope, id);
        enforce(scope, id, "edit draft", c.decide(CaseAction.EDIT));
        return c;
    }

    /**
     * Replaces the details and questions of a draft with {@code command}, the same content as opening it. {@code
     * expectedVersion} is the version the patient edited ({@code If-Match}): required, and refused when stale.
     */
    @Transactional
    public CaseView editDraft(AccessScope scope, CaseId id, OpenCase command, @Nullable Long expectedVersion) {
        Changed edited = changed(scope, id, "edit draft", (c, who) -> c.editDraft(who,
                new ExpectedVersion(expectedVersion), command.details(), command.questions(), clock.instant()));
        cases.saveQuestions(edited.aggregate(), edited.at());
        return view(edited.aggregate(), edited.relation());
    }

    /** Discards a draft; the case, its records and its history are kept, out of the patient's list. */
    @Transactional
    public CaseView discard(AccessScope scope, CaseId id) {
        return change(scope, id, "discard draft", SecondOpinionCase::discard);
    }

    /**
     * A coordinator gives the case another specialty, with a reason the timeline shows. {@code specialty} is the name
     * of a {@link Specialty}, as a form or request sends it.
     */
    @Transactional
    public CaseView changeSpecialty(AccessScope scope, CaseId id, @Nullable String specialty,
            @Nullable String reason) {
        Check check = new Check();
        Specialty chosen = check.oneOf("specialty", specialty, Specialty.class, true);
        check.orThrow();
        return change(scope, id, "change specialty",
                (c, who) -> c.changeSpecialty(who, chosen, reason, clock.instant()));
    }

    @Transactional
    public CaseView submit(AccessScope scope, CaseId id) {
        return change(scope, id, "submit", SecondOpinionCase::submit);
    }

    @Transactional
    public CaseView acceptAtTriage(AccessScope scope, CaseId id) {
        Changed triaged = changed(scope, id, "triage", SecondOpinionCase::acceptAtTriage);
        grants.grant(scope.actor().id(), id, GrantReason.COORDINATOR, scope.actor().id(), triaged.at());
        return view(triaged.aggregate(), relation(scope, GrantReason.COORDINATOR));
    }

    /**
     * Declines a case from the triage pool. The coordinator who declined it keeps read access for a while, to answer
     * the patient's questions about it, and then loses it.
     */
    @Transactional
    public CaseView declineCase(AccessScope scope, CaseId id, @Nullable String reason) {
        Changed declined = changed(scope, id, "decline case",
                (c, who) -> c.declineCase(who, reason, clock.instant()));
        grants.grantFor(scope.actor().id(), id, GrantReason.COORDINATOR, scope.actor().id(), declined.at(),
                AccessGrants.DECLINED_CASE_READ_ACCESS);
        return view(declined.aggregate(), relation(scope, GrantReason.COORDINATOR));
    }

    @Transactional
    public CaseView completeRecords(AccessScope scope, CaseId id) {
        return change(scope, id, "complete records", SecondOpinionCase::completeRecords);
    }

    /** Offers the case to a specialist's account; {@code matching} checks the specialist and grants the access. */
    @Transactional
    public CaseView offerTo(AccessScope scope, CaseId id, UserId specialistAccount) {
        return change(scope, id, "offer", (c, who) -> c.offerTo(who, specialistAccount, clock.instant()));
    }

    @Transactional
    public CaseView acceptOffer(AccessScope scope, CaseId id) {
        return change(scope, id, "accept offer", SecondOpinionCase::acceptOffer);
    }

    @Transactional
    public CaseView declineOffer(AccessScope scope, CaseId id, @Nullable String reason) {
        return change(scope, id, "decline offer", (c, who) -> c.declineOffer(who, reason, clock.instant()));
    }

    /** Called by {@code review} in the transaction that signs the opinion. */
    @Transactional
    public CaseView deliverOpinion(AccessScope scope, CaseId id) {
        return change(scope, id, "deliver opinion", SecondOpinionCase::deliverOpinion);
    }

    /** Withdraws the case; the specialists it was offered to or assigned lose their access in the same transaction. */
    @Transactional
    public CaseView withdraw(AccessScope scope, CaseId id, @Nullable String reason) {
        CaseView withdrawn = change(scope, id, "withdraw", (c, who) -> c.withdraw(who, reason, clock.instant()));
        grants.revokeAll(id, java.util.EnumSet.of(GrantReason.OFFERED, GrantReason.ASSIGNED), scope.actor().id());
        return withdrawn;
    }

    /**
     * Lets someone into the case: the patient's doctor or a caregiver, by e-mail, with the rights the patient chose.
     * Only the patient, while the case is neither a discarded draft nor ended before its opinion. The answer is the
     * same whether or not the address has an account.
     */
    @Transactional
    public DelegationId inviteDelegate(AccessScope scope, CaseId id, Delegations.Invitation invitation) {
        // Locked for update: two invitations of one person at once take turns instead of colliding.
        Loaded loaded = permitted(scope, id, "invite delegate", CaseAction.INVITE_DELEGATE, Lock.UPDATE);
        // Access to someone's health data outlives sessions and passwords: only on a recent authentication, never
        // with a personal access token.
        stepUp.require(scope, "Letting someone into your case");
        if (!limiter.tryAcquire(INVITATIONS_BUCKET, scope.actor().id().toString(), invitationsPerDay,
                java.time.Duration.ofDays(1))) {
            throw new org.consilium.shared.TooManyUnderWayException("too-many-invitations", "you sent "
                    + invitationsPerDay + " invitations today (sending one again counts too), as many as a day "
                    + "allows; try again later", java.time.Duration.ofHours(1));
        }
        return delegations.invite(scope.actor(), id, invitation, loaded.aggregate().updatedAt());
    }

    /** Ends the access of someone the patient let in, from their next request. Only the patient, in any state. */
    @Transactional
    public void revokeDelegate(AccessScope scope, CaseId id, DelegationId delegation) {
        permitted(scope, id, "revoke delegate", CaseAction.REVOKE_DELEGATE, Lock.UPDATE);
        delegations.revoke(scope.actor(), id, delegation);
    }

    /** The people the patient let into the case, live and ended, newest first: for the patient only. */
    @Transactional
    public List<Delegations.Delegate> delegates(AccessScope scope, CaseId id) {
        permitted(scope, id, "list delegates", CaseAction.READ_DELEGATES, Lock.NONE);
        visibility.read(scope, id, "delegates");
        return delegations.of(id);
    }

    /**
     * Opens a case outside the caller's grants by emergency access ("break-glass"): only a medical director or an
     * administrator, only with a reason, on an authentication a few minutes old; read-only, for
     * {@code consilium.security.break-glass-lifetime} (an hour unless configured). The reason goes on the audit
     * trail, into the patient's access log and into the medical directors' review. Opening it again while it lasts
     * starts the time again, with the new reason.
     *
     * @throws org.consilium.shared.ForbiddenActionException for any other role, before the case is looked up
     * @throws InvalidInputException without a reason
     * @throws IllegalTransitionException when the caller can see the case already
     */
    @Transactional
    public CaseView breakGlass(AccessScope scope, CaseId id, @Nullable String reason) {
        enforce(scope, id, "break glass", CasePolicy.mayBreakGlass(scope.actor()));
        if (reason == null || reason.isBlank()) {
            visibility.refused(scope, id, "break glass", "no reason given");
            throw new InvalidInputException("reason", "say why you need to open this case: the patient and the "
                    + "medical directors will read it");
        }
        new org.consilium.shared.Check().maxLength("reason", reason, 1000).orThrow();
        stepUp.require(scope, "Opening a case by emergency access");
        // Locked for update: two openings at once take turns instead of colliding.
        StoredCase stored = cases.findForUpdate(id).orElseThrow(() -> visibility.deny(scope, id, "break glass",
                "no such case"));
        Set<GrantReason> held = grants.live(scope.actor().id(), id).reasons();
        if (!held.isEmpty() && !held.contains(GrantReason.BREAK_GLASS)) {
            throw new IllegalTransitionException("you can open this case already; no emergency access is needed");
        }
        Instant now = clock.instant();
        String why = reason.strip();
        grants.grantFor(scope.actor().id(), id, GrantReason.BREAK_GLASS, scope.actor().id(), stored.updatedAt(),
                breakGlassLifetime);
        breakGlass.insert(id, scope.actor().id(), scope.actor().role(), why, now, now.plus(breakGlassLifetime));
        events.publishEvent(new BreakGlassOpened(id, scope.actor().id(), scope.actor().role(), why, now,
                now.plus(breakGlassLifetime)));
        return find(scope, id);
    }

    /** As {@link #breakGlass(AccessScope, CaseId, String)}, for a case named by its reference. */
    @Transactional
    public CaseView breakGlass(AccessScope scope, @Nullable String reference, @Nullable String reason) {
        enforce(scope, null, "break glass", CasePolicy.mayBreakGlass(scope.actor()));
        new org.consilium.shared.Check().required("reference", reference, 40).orThrow();
        CaseId id = cases.idOfReference(java.util.Objects.requireNonNull(reference).strip().toUpperCase(
                java.util.Locale.ROOT)).orElseThrow(() -> new InvalidInputException("reference",
                        "no case has this reference; it reads like C-2026-000123"));
        return breakGlass(scope, id, reason);
    }

    /** The rate limiter's bucket of a patient's invitations. */
    public static final String INVITATIONS_BUCKET = "delegate-invitations";

    /** How long an emergency access lasts. */
    public java.time.Duration breakGlassLifetime() {
        return breakGlassLifetime;
    }

    /** An emergency access as the medical directors review it: the case, who, why, and until when. */
    public record EmergencyAccess(CaseId caseId, String reference, String who, org.consilium.identity.Role role,
            String reason, Instant openedAt, Instant expiresAt) {
    }

    /** The latest emergency accesses, newest first, for medical directors and administrators; an audited read. */
    @Transactional
    public List<EmergencyAccess> emergencyAccesses(AccessScope scope) {
        enforce(scope, null, "review emergency accesses", CasePolicy.mayReviewEmergencyAccesses(scope.actor()));
        Map<UserId, String> names = new java.util.HashMap<>();
        List<EmergencyAccess> accesses = breakGlass.latest(200).stream().map(o -> new EmergencyAccess(o.caseId(),
                o.reference(), names.computeIfAbsent(o.account(), accounts::displayName),
                o.role(), o.reason(), o.openedAt(), o.expiresAt())).toList();
        visibility.listed(scope, accesses.stream().map(EmergencyAccess::caseId).distinct().toList(),
                "emergency accesses");
        return accesses;
    }

    @Transactional
    public CaseView close(AccessScope scope, CaseId id) {
        return change(scope, id, "close", SecondOpinionCase::close);
    }

    /** A transition that needs only the caller's relation and the time. */
    private interface Transition {
        void apply(SecondOpinionCase c, CaseRelation who, Instant now);
    }

    private CaseView change(AccessScope scope, CaseId id, String action, Transition transition) {
        return change(scope, id, action, (c, who) -> transition.apply(c, who, clock.instant()));
    }

    private CaseView change(AccessScope scope, CaseId id, String action,
            BiConsumer<SecondOpinionCase, CaseRelation> transition) {
        Changed changed = changed(scope, id, action, transition);
        return view(changed.aggregate(), changed.relation());
    }

    private Changed changed(AccessScope scope, CaseId id, String action, Transition transition) {
        return changed(scope, id, action, (c, who) -> transition.apply(c, who, clock.instant()));
    }

    /** The case after a change, the caller's relation to it before the change, and the time of the change. */
    private record Changed(SecondOpinionCase aggregate, CaseRelation relation, Instant at) {
    }

    /**
     * Loads the case for update, applies the transition, saves it and its timeline, and moves the case's grants to the
     * same time of activity as the case itself, so lists built from either agree on the order.
     */
    private Changed changed(AccessScope scope, CaseId id, String action,
            BiConsumer<SecondOpinionCase, CaseRelation> transition) {
        Loaded loaded = load(scope, id, action, Lock.UPDATE);
        SecondOpinionCase c = loaded.aggregate();
        visibility.guarded(scope, id, action, () -> {
            transition.accept(c, loaded.relation());
            return c;
        });
        Instant now = clock.instant();
        c.savedAs(cases.update(c, now), now);
        grants.caseActive(id, now);
        publish(c);
        return new Changed(c, loaded.relation(), now);
    }

    /** The caller's relation once a change gave it this grant. */
    private static CaseRelation relation(AccessScope scope, GrantReason reason) {
        return new CaseRelation(scope.actor(), java.util.EnumSet.of(reason));
    }

    /** How a case is held while the transaction that loaded it runs. */
    private enum Lock {
        NONE, SHARE, UPDATE
    }

    private record Loaded(SecondOpinionCase aggregate, CaseRelation relation) {
    }

    /** The case and the caller's relation to it, once the policy allowed the caller this action on it. */
    private Loaded permitted(AccessScope scope, CaseId id, String what, CaseAction action, Lock lock) {
        Loaded loaded = load(scope, id, what, lock);
        enforce(scope, id, what, CasePolicy.decide(loaded.relation(), loaded.aggregate().facts(), action));
        return loaded;
    }

    private CaseView visible(AccessScope scope, CaseId id, String action, Lock lock) {
        Loaded loaded = load(scope, id, action, lock);
        return view(loaded.aggregate(), loaded.relation());
    }

    private Loaded load(AccessScope scope, CaseId id, String action, Lock lock) {
        StoredCase stored = (switch (lock) {
            case NONE -> cases.find(id);
            case SHARE -> cases.findShared(id);
            case UPDATE -> cases.findForUpdate(id);
        }).orElseThrow(() -> visibility.deny(scope, id, action, "no such case"));
        SecondOpinionCase c = checked(restore(stored));
        CaseRelation relation = new CaseRelation(scope.actor(), grants.live(scope.actor().id(), id));
        Decision sees = CasePolicy.sees(relation, c.facts());
        if (sees instanceof Decision.Refused refused) {
            throw visibility.deny(scope, id, action, refused.reason());
        }
        return new Loaded(c, relation);
    }

    /**
     * While a case collects its records, asks the records module what its checklist still needs: a fact the policy
     * decides completing the records from, and so what {@code allowedActions} offers. Other states need no answer.
     */
    private SecondOpinionCase checked(SecondOpinionCase c) {
        if (c.status() == CaseStatus.COLLECTING_RECORDS && !c.recordsCheckedNow()) {
            c.recordsChecked(completeness.of(c.id(), c.details()));
        }
        return c;
    }

    private CaseView view(SecondOpinionCase c, CaseRelation relation) {
        checked(c);
        return new CaseView(c, relation, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC),
                () -> accounts.displayName(c.patientId()));
    }

    private static SecondOpinionCase restore(StoredCase s) {
        return SecondOpinionCase.restore(s.id(), s.reference(), s.patientId(), s.details(), s.questions(),
                s.openedAt(), s.status(), s.coordinatorId(), s.specialistId(), s.declineReason(), s.submittedAt(),
                s.updatedAt(), s.version());
    }

    private void publish(SecondOpinionCase c) {
        for (CaseEvent event : c.pendingEvents()) {
            if (event.onTimeline()) {
                cases.appendTransition(c.id(), CaseTransition.of(event));
            }
            events.publishEvent(event);
        }
        c.clearPendingEvents();
    }
}
