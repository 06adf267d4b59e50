package org.consilium.intake;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.consilium.identity.AccessGrants;
import org.consilium.identity.AccessScope;
import org.consilium.identity.Actor;
import org.consilium.identity.CaseVisibility;
import org.consilium.identity.GrantReason;
import org.consilium.intake.internal.CaseStore;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The intake module's API: open, read and move cases through their lifecycle. Every method takes the caller's
 * {@link AccessScope}; a case outside it answers "not found" and leaves an audit record of the denial.
 */
@Service
public class CaseManagement {

    private final CaseStore cases;
    private final AccessGrants grants;
    private final CaseVisibility visibility;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CaseManagement(CaseStore cases, AccessGrants grants, CaseVisibility visibility, ApplicationEventPublisher events,
            Clock clock) {
        this.cases = cases;
        this.grants = grants;
        this.visibility = visibility;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public SecondOpinionCase open(AccessScope scope, OpenCase command) {
        Instant now = clock.instant();
        List<Question> questions = command.questions().stream()
                .map(q -> new Question(QuestionId.random(), q.kind(), q.text()))
                .toList();
        SecondOpinionCase opened = SecondOpinionCase.open(CaseId.random(), cases.nextReference(now), scope.actor(),
                command.details(), questions, now);
        cases.insert(opened, now);
        grants.grant(scope.actor().id(), opened.id(), GrantReason.OWNER);
        publish(opened);
        return opened;
    }

    /** The case, when the scope may see it. */
    @Transactional
    public SecondOpinionCase find(AccessScope scope, CaseId id) {
        SecondOpinionCase found = visible(scope, id, "read case", Lock.NONE);
        visibility.read(scope, id, "case");
        return found;
    }

    /**
     * The case, when the scope may see it, held in its current state until the caller's transaction ends: for work
     * that depends on the state, such as adding a record while records are still being collected.
     */
    @Transactional
    public SecondOpinionCase findHeld(AccessScope scope, CaseId id) {
        SecondOpinionCase c = visible(scope, id, "read case", Lock.SHARE);
        visibility.read(scope, id, "case");
        return c;
    }

    /** A page of the cases the scope may see, most recently active first. */
    @Transactional
    public CasePage list(AccessScope scope, CasePage.@Nullable Cursor after, int limit) {
        List<CaseSummary> rows = cases.visibleTo(scope, after, limit + 1);
        List<CaseSummary> page = rows.subList(0, Math.min(limit, rows.size()));
        visibility.listed(scope, page.stream().map(CaseSummary::id).toList(), "case list");
        CaseSummary last = page.isEmpty() ? null : page.getLast();
        String next = rows.size() > limit && last != null
                ? new CasePage.Cursor(last.updatedAt(), last.id().value()).encode() : null;
        return new CasePage(List.copyOf(page), next);
    }

    @Transactional
    public List<CaseTransition> timeline(AccessScope scope, CaseId id) {
        visible(scope, id, "read timeline", Lock.NONE);
        visibility.read(scope, id, "timeline");
        return cases.timeline(id);
    }

    @Transactional
    public SecondOpinionCase submit(AccessScope scope, CaseId id) {
        return change(scope, id, "submit", SecondOpinionCase::submit);
    }

    @Transactional
    public SecondOpinionCase acceptAtTriage(AccessScope scope, CaseId id) {
        SecondOpinionCase triaged = change(scope, id, "triage", SecondOpinionCase::acceptAtTriage);
        grants.grant(scope.actor().id(), id, GrantReason.COORDINATOR);
        return triaged;
    }

    @Transactional
    public SecondOpinionCase declineCase(AccessScope scope, CaseId id, @Nullable String reason) {
        SecondOpinionCase declined = change(scope, id, "decline case",
                (c, actor) -> c.declineCase(actor, reason, clock.instant()));
        grants.grant(scope.actor().id(), id, GrantReason.COORDINATOR);
        return declined;
    }

    @Transactional
    public SecondOpinionCase completeRecords(AccessScope scope, CaseId id) {
        return change(scope, id, "complete records", SecondOpinionCase::completeRecords);
    }

    /** Offers the case to a specialist's account; {@code matching} checks the specialist and grants the access. */
    @Transactional
    public SecondOpinionCase offerTo(AccessScope scope, CaseId id, UserId specialistAccount) {
        return change(scope, id, "offer", (c, actor) -> c.offerTo(actor, specialistAccount, clock.instant()));
    }

    @Transactional
    public SecondOpinionCase acceptOffer(AccessScope scope, CaseId id) {
        return change(scope, id, "accept offer", SecondOpinionCase::acceptOffer);
    }

    @Transactional
    public SecondOpinionCase declineOffer(AccessScope scope, CaseId id, @Nullable String reason) {
        return change(scope, id, "decline offer", (c, actor) -> c.declineOffer(actor, reason, clock.instant()));
    }

    /** Called by {@code review} in the transaction that signs the opinion. */
    @Transactional
    public SecondOpinionCase deliverOpinion(AccessScope scope, CaseId id) {
        return change(scope, id, "deliver opinion", SecondOpinionCase::deliverOpinion);
    }

    @Transactional
    public SecondOpinionCase withdraw(AccessScope scope, CaseId id, @Nullable String reason) {
        return change(scope, id, "withdraw", (c, actor) -> c.withdraw(actor, reason, clock.instant()));
    }

    @Transactional
    public SecondOpinionCase close(AccessScope scope, CaseId id) {
        return change(scope, id, "close", SecondOpinionCase::close);
    }

    /** A transition that needs only the actor and the time. */
    private interface Transition {
        void apply(SecondOpinionCase c, Actor actor, Instant now);
    }

    private SecondOpinionCase change(AccessScope scope, CaseId id, String action, Transition transition) {
        return change(scope, id, action, (c, actor) -> transition.apply(c, actor, clock.instant()));
    }

    private SecondOpinionCase change(AccessScope scope, CaseId id, String action,
            BiConsumer<SecondOpinionCase, Actor> transition) {
        SecondOpinionCase c = visible(scope, id, action, Lock.UPDATE);
        visibility.guarded(scope, id, action, () -> {
            transition.accept(c, scope.actor());
            return c;
        });
        c.savedAs(cases.update(c, clock.instant()));
        publish(c);
        return c;
    }

    /** How a case is held while the transaction that loaded it runs. */
    private enum Lock {
        NONE, SHARE, UPDATE
    }

    private SecondOpinionCase visible(AccessScope scope, CaseId id, String action, Lock lock) {
        SecondOpinionCase c = (switch (lock) {
            case NONE -> cases.find(id);
            case SHARE -> cases.findShared(id);
            case UPDATE -> cases.findForUpdate(id);
        }).orElseThrow(() -> visibility.deny(scope, id, action, "no such case"));
        if (scope.hasGrantFor(id) || (scope.seesTriagePool() && c.inTriagePool())) {
            return c;
        }
        throw visibility.deny(scope, id, action, "no grant for this case and not in the caller's triage pool");
    }

    private void publish(SecondOpinionCase c) {
        for (CaseEvent event : c.pendingEvents()) {
            cases.appendTransition(c.id(), CaseTransition.of(event));
            events.publishEvent(event);
        }
        c.clearPendingEvents();
    }
}
