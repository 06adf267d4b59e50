package org.consilium.intake;

import static org.consilium.intake.CaseStatus.COLLECTING_RECORDS;
import static org.consilium.intake.CaseStatus.DRAFT;
import static org.consilium.intake.CaseStatus.IN_REVIEW;
import static org.consilium.intake.CaseStatus.OFFERED;
import static org.consilium.intake.CaseStatus.OPINION_DELIVERED;
import static org.consilium.intake.CaseStatus.READY_FOR_MATCHING;
import static org.consilium.intake.CaseStatus.SUBMITTED;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.consilium.identity.Actor;
import org.consilium.identity.DelegateRight;
import org.consilium.identity.GrantReason;
import org.consilium.identity.Role;
import org.consilium.shared.Decision;

/**
 * The one authority on who may do what to a case. It decides from the caller's relation to the case (its live grant,
 * or a coordinator's view of the triage pool) and the case's state, and gives a reason when it refuses. The aggregate
 * enforces it on every transition, the façade on every read, the queries select the triage pool by its rule, and pages
 * and API answers offer exactly the actions it allows.
 */
public final class CasePolicy {

    /** The state of the cases in the coordinators' triage pool (when no coordinator has claimed them). */
    public static final CaseStatus TRIAGE_POOL_STATUS = SUBMITTED;

    /** The states in which the patient may still withdraw a case. */
    static final Set<CaseStatus> WITHDRAWABLE = EnumSet.of(DRAFT, SUBMITTED, COLLECTING_RECORDS, READY_FOR_MATCHING,
            OFFERED, IN_REVIEW);

    /**
     * The states in which the patient may let someone into a case: any but a discarded draft and a case that ended
     * before its opinion (their doctor may want the opinion of a closed case).
     */
    static final Set<CaseStatus> DELEGABLE = EnumSet.complementOf(EnumSet.of(CaseStatus.DISCARDED,
            CaseStatus.WITHDRAWN, CaseStatus.DECLINED));

    /** The states in which the patient may still edit or discard a case: only a draft, before anyone else saw it. */
    static final Set<CaseStatus> EDITABLE = EnumSet.of(DRAFT);

    /**
     * The states in which a coordinator may give a case another specialty: from triage until it is offered, since an
     * offer is made to a specialist of the specialty the case asks for.
     */
    static final Set<CaseStatus> SPECIALTY_CHANGEABLE = EnumSet.of(SUBMITTED, COLLECTING_RECORDS,
            READY_FOR_MATCHING);

    /** Why a patient whose address is not confirmed cannot submit: the service could not reach them about the case. */
    public static final String UNVERIFIED_SUBMITTER = "confirm your e-mail address before submitting a case, so "
            + "that we can reach you about it: open the link we mailed you, or ask for a new one";

    private CasePolicy() {
    }

    /**
     * What the policy needs to know of a case: its state, whether a coordinator has claimed it, whether its specialty
     * is chosen (not the patient's "not sure"), and, while it collects records, what its records checklist still
     * needs ({@link RecordsCompleteness#NOT_CHECKED} when nobody asked, which refuses completing the records).
     */
    public record Facts(CaseStatus status, boolean claimed, boolean specialtyChosen,
            RecordsCompleteness.Answer records) {

        public Facts {
            java.util.Objects.requireNonNull(records, "records");
        }

        /** The facts of a case whose records checklist was not checked. */
        public Facts(CaseStatus status, boolean claimed, boolean specialtyChosen) {
            this(status, claimed, specialtyChosen, RecordsCompleteness.NOT_CHECKED);
        }
    }

    /** Any coordinator sees a submitted case that no coordinator has claimed yet. */
    public static boolean inTriagePool(Facts facts) {
        return facts.status() == TRIAGE_POOL_STATUS && !facts.claimed();
    }

    /** The roles that may open any case by emergency access (break-glass), with a reason. */
    public static final Set<Role> BREAK_GLASS_ROLES = EnumSet.of(Role.MEDICAL_DIRECTOR, Role.ADMIN);

    /** Whether the caller reviews the emergency accesses: the same roles as may make them. */
    public static Decision mayReviewEmergencyAccesses(Actor actor) {
        return BREAK_GLASS_ROLES.contains(actor.role()) ? Decision.allowed()
                : Decision.forbidden("only medical directors and administrators review emergency accesses");
    }

    /**
     * Whether the caller may open a case outside their grants by emergency access. Decided from the role alone,
     * before the case is looked up, so nobody else learns whether a case exists.
     */
    public static Decision mayBreakGlass(Actor actor) {
        return BREAK_GLASS_ROLES.contains(actor.role()) ? Decision.allowed()
                : Decision.forbidden("only a medical director or an administrator can open a case by emergency "
                        + "access");
    }

    /** Only a patient opens a case, for themselves or as the proxy of someone they act for. */
    public static Decision mayOpen(Actor actor) {
        return actor.is(Role.PATIENT) ? Decision.allowed() : Decision.forbidden("only a patient can open a case");
    }

    /** Whether the caller may know the case exists: a live grant, or a coordinator looking at the triage pool. */
    public static Decision sees(CaseRelation who, Facts facts) {
        if (who.holdsAnyGrant() || who.is(Role.COORDINATOR) && inTriagePool(facts)) {
            return Decision.allowed();
        }
        return Decision.notVisible("no grant for this case and not in the caller's triage pool");
    }

    public static Decision decide(CaseRelation who, Facts facts, CaseAction action) {
        return sees(who, facts).and(() -> switch (action) {
            case READ -> Decision.allowed();
            case READ_PATIENT_IDENTITY -> party(who.holds(GrantReason.OWNER, Role.PATIENT)
                    || who.holds(GrantReason.DELEGATE) || who.holds(GrantReason.BREAK_GLASS)
                    || who.holds(GrantReason.COORDINATOR, Role.COORDINATOR)
                    || who.holds(GrantReason.ASSIGNED, Role.SPECIALIST)
                    || who.is(Role.COORDINATOR) && inTriagePool(facts),
                    who.is(Role.SPECIALIST) ? "accept the offer before seeing who the patient is"
                            : "only the case's care team sees who the patient is");
            case READ_ACCESS_LOG -> patient(who, "see who viewed");
            case EDIT -> patient(who, "edit").and(() -> state(facts, "edited", EDITABLE));
            case DISCARD -> patient(who, "discard").and(() -> state(facts, "discarded", EDITABLE));
            case SUBMIT -> patient(who, "submit").and(() -> state(facts, "submitted", DRAFT))
                    .and(() -> who.actor().emailVerified() ? Decision.allowed()
                            : Decision.forbidden(UNVERIFIED_SUBMITTER));
            case WITHDRAW -> patientOrDelegate(who, DelegateRight.WITHDRAW, "withdraw")
                    .and(() -> WITHDRAWABLE.contains(facts.status())
                    ? Decision.allowed()
                    : Decision.wrongState("a case can be withdrawn only before its opinion is delivered; this case is "
                            + describe(facts.status())));
            case INVITE_DELEGATE -> party(who.holds(GrantReason.OWNER, Role.PATIENT),
                    "only the patient of this case can let others into it")
                    .and(() -> DELEGABLE.contains(facts.status()) ? Decision.allowed()
                            : Decision.wrongState("nobody can be let into a case that is "
                                    + describe(facts.status())));
            case REVOKE_DELEGATE -> party(who.holds(GrantReason.OWNER, Role.PATIENT),
                    "only the patient of this case can end someone's access to it");
            case READ_DELEGATES -> party(who.holds(GrantReason.OWNER, Role.PATIENT),
                    "only the patient of this case sees whom they let in");
            case ACCEPT_AT_TRIAGE -> triage(who, facts, "triaged");
            case DECLINE_CASE -> triage(who, facts, "declined");
            case CHANGE_SPECIALTY -> party(who.holds(GrantReason.COORDINATOR, Role.COORDINATOR)
                    || who.is(Role.COORDINATOR) && inTriagePool(facts),
                    "only the case's coordinator can change its specialty")
                    .and(() -> state(facts, "given another specialty", SPECIALTY_CHANGEABLE));
            case COMPLETE_RECORDS -> caseCoordinator(who, "mark records complete")
                    .and(() -> state(facts, "marked records complete", COLLECTING_RECORDS))
                    .and(() -> checklistDone(facts.records()));
            case OFFER -> caseCoordinator(who, "offer a case")
                    .and(() -> state(facts, "offered", READY_FOR_MATCHING))
                    .and(() -> facts.specialtyChosen() ? Decision.allowed()
                            : Decision.wrongState("the patient was not sure which specialty the case needs; choose "
                                    + "its specialty before offering it to a specialist"));
            case ACCEPT_OFFER -> offeredSpecialist(who, facts, "accept");
            case DECLINE_OFFER -> offeredSpecialist(who, facts, "decline");
            case DELIVER_OPINION -> party(who.holds(GrantReason.ASSIGNED, Role.SPECIALIST),
                    "only the specialist reviewing this case can deliver an opinion on it")
                    .and(() -> state(facts, "given an opinion", IN_REVIEW));
            case CLOSE -> caseCoordinator(who, "close a case").and(() -> state(facts, "closed", OPINION_DELIVERED));
        });
    }

    /** Every action the caller may take on the case now, in the order of {@link CaseAction}. */
    public static Set<CaseAction> allowed(CaseRelation who, Facts facts) {
        Set<CaseAction> allowed = new LinkedHashSet<>();
        for (CaseAction action : CaseAction.values()) {
            if (decide(who, facts, action).isAllowed()) {
                allowed.add(action);
            }
        }
        return allowed;
    }

    private static Decision patient(CaseRelation who, String verb) {
        return party(who.holds(GrantReason.OWNER, Role.PATIENT), "only the patient of this case can " + verb + " it");
    }

    /** The patient, or someone they let in with this right. */
    private static Decision patientOrDelegate(CaseRelation who, DelegateRight right, String verb) {
        return party(who.holds(GrantReason.OWNER, Role.PATIENT) || who.delegated(right),
                "only the patient of this case" + (who.holds(GrantReason.DELEGATE) ? ", or someone they let "
                        + verb + " it," : "") + " can " + verb + " it");
    }

    private static Decision caseCoordinator(CaseRelation who, String action) {
        return party(who.holds(GrantReason.COORDINATOR, Role.COORDINATOR),
                "only the coordinator who triaged this case can " + action);
    }

    /** Any coordinator, on a case still in the triage pool; claiming it is what triage does. */
    private static Decision triage(CaseRelation who, Facts facts, String pastTense) {
        return party(who.is(Role.COORDINATOR), "only a coordinator can triage a case")
                .and(() -> inTriagePool(facts) ? Decision.allowed()
                        : Decision.wrongState("only a case that is " + describe(TRIAGE_POOL_STATUS)
                                + " can be " + pastTense + "; this case is " + describe(facts.status())));
    }

    private static Decision offeredSpecialist(CaseRelation who, Facts facts, String verb) {
        if (facts.status() != OFFERED) {
            return who.is(Role.SPECIALIST)
                    ? Decision.wrongState("there is no open offer to " + verb + "; this case is "
                            + describe(facts.status()))
                    : Decision.forbidden("only the specialist the case is offered to can " + verb + " the offer");
        }
        return party(who.holds(GrantReason.OFFERED, Role.SPECIALIST), who.is(Role.SPECIALIST)
                ? "this case was offered to another specialist"
                : "only the specialist the case is offered to can " + verb + " the offer");
    }

    /**
     * The records are complete only when every item of the case's checklist is satisfied by a record or waived with a
     * reason; a checklist not checked refuses too, so a missing answer never lets a case through.
     */
    private static Decision checklistDone(RecordsCompleteness.Answer records) {
        return switch (records) {
            case RecordsCompleteness.Complete complete -> Decision.allowed();
            case RecordsCompleteness.StillNeeded needed -> Decision.wrongState(stillNeeded(needed.items()));
            case RecordsCompleteness.NotChecked unknown -> Decision.wrongState(unknown.reason());
        };
    }

    /** The refusal of completing records while items are open, naming each of them. */
    static String stillNeeded(java.util.List<String> items) {
        return "the records are not complete; still needed: " + String.join("; ", items)
                + ". Add these records, or waive an item the specialist can do without, with the reason";
    }

    private static Decision party(boolean rightParty, String reason) {
        return rightParty ? Decision.allowed() : Decision.forbidden(reason);
    }

    private static Decision state(Facts facts, String pastTense, CaseStatus... allowed) {
        return state(facts, pastTense, allowed.length == 0 ? EnumSet.noneOf(CaseStatus.class)
                : EnumSet.of(allowed[0], allowed));
    }

    private static Decision state(Facts facts, String pastTense, Set<CaseStatus> allowed) {
        if (allowed.contains(facts.status())) {
            return Decision.allowed();
        }
        String expected = String.join(" or ", allowed.stream().map(CasePolicy::describe).toList());
        return Decision.wrongState("only a case that is " + expected + " can be " + pastTense + "; this case is "
                + describe(facts.status()));
    }

    static String describe(CaseStatus status) {
        return status.label().toLowerCase(Locale.ROOT);
    }
}
