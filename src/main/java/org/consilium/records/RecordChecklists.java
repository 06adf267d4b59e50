package org.consilium.records;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consilium.identity.AccessScope;
import org.consilium.identity.Actor;
import org.consilium.identity.CaseVisibility;
import org.consilium.identity.IdentityManagement;
import org.consilium.intake.CaseDetails;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import org.consilium.records.RecordPolicy.RecordAction;
import org.consilium.records.internal.ChecklistStore;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The records checklist of a case: what its specialist needs, which records satisfy it, and the coordinator's
 * waivers. Reading it is for those who read the records themselves; waiving an item, or withdrawing a waiver, is for
 * the case's coordinator while the case collects records. Every read and change is audited.
 */
@Service
public class RecordChecklists {

    /** The longest reason a waiver takes. */
    public static final int MAX_REASON = 2000;

    private final CaseManagement cases;
    private final ChecklistStore store;
    private final CaseVisibility visibility;
    private final IdentityManagement identity;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RecordChecklists(CaseManagement cases, ChecklistStore store, CaseVisibility visibility,
            IdentityManagement identity, ApplicationEventPublisher events, Clock clock) {
        this.cases = cases;
        this.store = store;
        this.visibility = visibility;
        this.identity = identity;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The checklist as one caller sees it: the items, the names of the people who waived them, and whether the
     * caller may waive.
     */
    public record ChecklistView(Checklist checklist, Map<UserId, String> names, List<String> allowedActions) {

        public ChecklistView {
            names = Map.copyOf(names);
            allowedActions = List.copyOf(allowedActions);
        }

        public boolean may(String action) {
            return allowedActions.contains(action);
        }

        /** The name of whoever waived or withdrew, as the case's people know them. */
        public String nameOf(UserId account) {
            return names.getOrDefault(account, "someone");
        }
    }

    /** The case's checklist; refused (403) to those who do not read the records themselves. An audited read. */
    @Transactional
    public ChecklistView checklist(AccessScope scope, CaseId caseId) {
        return checklist(scope, cases.access(scope, caseId, "read records checklist"));
    }

    /** The checklist of a case the caller already holds the view of, as {@link #checklist(AccessScope, CaseId)}. */
    @Transactional
    public ChecklistView checklist(AccessScope scope, CaseView c) {
        cases.enforce(scope, c.id(), "read records checklist", RecordPolicy.decide(c, RecordAction.READ_CHECKLIST));
        visibility.read(scope, c.id(), "records checklist");
        return view(c, evaluate(store, c.id(), c.details()));
    }

    /** Whether the caller may read the case's checklist: whether the case page shows it. */
    public static boolean mayRead(CaseView c) {
        return RecordPolicy.decide(c, RecordAction.READ_CHECKLIST).isAllowed();
    }

    /**
     * The case's coordinator waives an item the specialist can do without, with a reason the patient reads. Only while
     * the case collects records; an item already waived is refused (withdraw its waiver first).
     */
    @Transactional
    public ChecklistView waive(AccessScope scope, CaseId caseId, String itemKey, @Nullable String reason) {
        CaseView c = cases.findHeld(scope, caseId, "waive checklist item");
        cases.enforce(scope, caseId, "waive checklist item",
                RecordPolicy.decide(c, RecordAction.WAIVE_CHECKLIST_ITEM));
        String why = Check.trimToNull(reason);
        new Check().required("reason", why, MAX_REASON).orThrow();
        Checklist checklist = evaluate(store, caseId, c.details());
        Checklist.Item item = checklist.item(itemKey)
                .orElseThrow(() -> new NotFoundException("this case's records checklist has no item " + itemKey));
        Actor actor = scope.actor();
        Instant now = clock.instant();
        if (item.waiver() != null || !store.insert(new ChecklistWaiver(UUID.randomUUID(), caseId, item.key(),
                java.util.Objects.requireNonNull(why), actor.id(), actor.role(), now, null, null, null))) {
            throw new IllegalTransitionException("this item is waived already; withdraw its waiver first to give "
                    + "another reason");
        }
        events.publishEvent(new ChecklistItemWaived(caseId, item.key(), actor.id(), actor.role(), now));
        return view(c, evaluate(store, caseId, c.details()));
    }

    /**
     * The case's coordinator withdraws the waiver of an item: it is needed again. The waiver stays in the item's
     * history. Only while the case collects records.
     */
    @Transactional
    public ChecklistView withdrawWaiver(AccessScope scope, CaseId caseId, String itemKey) {
        CaseView c = cases.findHeld(scope, caseId, "withdraw checklist waiver");
        cases.enforce(scope, caseId, "withdraw checklist waiver",
                RecordPolicy.decide(c, RecordAction.WAIVE_CHECKLIST_ITEM));
        Checklist.Item item = evaluate(store, caseId, c.details()).item(itemKey)
                .orElseThrow(() -> new NotFoundException("this case's records checklist has no item " + itemKey));
        Actor actor = scope.actor();
        Instant now = clock.instant();
        if (!store.withdraw(caseId, item.key(), actor.id(), actor.role(), now)) {
            throw new IllegalTransitionException("this item is not waived");
        }
        events.publishEvent(new ChecklistWaiverWithdrawn(caseId, item.key(), actor.id(), actor.role(), now));
        return view(c, evaluate(store, caseId, c.details()));
    }

    /** The checklist of a case with these details, as its records and waivers stand. */
    static Checklist evaluate(ChecklistStore store, CaseId caseId, CaseDetails details) {
        return ChecklistTemplate.choose(store.templates(), details)
                .map(template -> Checklist.of(template, details.specialty(), store.filed(caseId),
                        store.waivers(caseId)))
                .orElseGet(Checklist::none);
    }

    private ChecklistView view(CaseView c, Checklist checklist) {
        Map<UserId, String> names = new HashMap<>();
        for (Checklist.Item item : checklist.items()) {
            java.util.stream.Stream.concat(java.util.stream.Stream.ofNullable(item.waiver()),
                    item.withdrawnWaivers().stream()).forEach(w -> {
                        names.computeIfAbsent(w.waivedBy(), identity::displayName);
                        if (w.withdrawnBy() != null) {
                            names.computeIfAbsent(w.withdrawnBy(), identity::displayName);
                        }
                    });
        }
        return new ChecklistView(checklist, names, RecordPolicy.decide(c, RecordAction.WAIVE_CHECKLIST_ITEM)
                .isAllowed() ? List.of(RecordAction.WAIVE_CHECKLIST_ITEM.wireName()) : List.of());
    }
}
