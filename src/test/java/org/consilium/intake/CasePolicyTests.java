package org.consilium.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.intake.CaseFixtures.admin;
import static org.consilium.intake.CaseFixtures.coordinator;
import static org.consilium.intake.CaseFixtures.patient;
import static org.consilium.intake.CaseFixtures.specialist;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.consilium.identity.Actor;
import org.consilium.identity.DelegateRight;
import org.consilium.identity.LiveGrant;
import org.consilium.identity.Role;
import org.consilium.identity.GrantReason;
import org.consilium.shared.Decision;
import org.consilium.shared.Decision.Refusal;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rules of {@link CasePolicy}, each in a form a dropped condition would fail. */
class CasePolicyTests {

    private static CaseRelation relation(Actor actor, GrantReason... reasons) {
        return new CaseRelation(actor, reasons.length == 0 ? Set.of() : EnumSet.of(reasons[0], reasons));
    }

    /** The facts of a case whose records checklist is complete (see {@link RecordsChecklist} for the others). */
    private static CasePolicy.Facts facts(CaseStatus status, boolean claimed) {
        return new CasePolicy.Facts(status, claimed, true, RecordsCompleteness.COMPLETE);
    }

    /** Completing the records waits for the checklist; the answer is part of the case's facts. */
    @Nested
    class RecordsChecklist {

        private final CaseRelation caseCoordinator = relation(coordinator(), GrantReason.COORDINATOR);

        private Decision completing(RecordsCompleteness.Answer records) {
            return CasePolicy.decide(caseCoordinator,
                    new CasePolicy.Facts(CaseStatus.COLLECTING_RECORDS, true, true, records),
                    CaseAction.COMPLETE_RECORDS);
        }

        @Test
        void allows_completing_records_when_every_item_is_satisfied_or_waived() {
            // when / then
            assertThat(completing(RecordsCompleteness.COMPLETE).isAllowed()).isTrue();
        }

        @Test
        void refuses_as_a_conflict_naming_every_item_still_needed() {
            // when
            Decision refused = completing(new RecordsCompleteness.StillNeeded(List.of("Pathology report",
                    "ER, PR and HER2 status")));

            // then
            assertThat(refused).isEqualTo(Decision.wrongState("the records are not complete; still needed: "
                    + "Pathology report; ER, PR and HER2 status. Add these records, or waive an item the specialist "
                    + "can do without, with the reason"));
        }

        @Test
        void refuses_when_the_checklist_was_not_checked_which_is_the_default() {
            // when
            Decision unchecked = CasePolicy.decide(caseCoordinator,
                    new CasePolicy.Facts(CaseStatus.COLLECTING_RECORDS, true, true), CaseAction.COMPLETE_RECORDS);
            Decision notFitted = completing(new RecordsCompleteness.NotChecked("no checklist fits"));

            // then
            assertThat(unchecked).isEqualTo(Decision.wrongState(RecordsCompleteness.NOT_CHECKED instanceof
                    RecordsCompleteness.NotChecked n ? n.reason() : ""));
            assertThat(notFitted).isEqualTo(Decision.wrongState("no checklist fits"));
        }

        @Test
        void keeps_completeRecords_out_of_the_allowed_actions_while_items_are_open() {
            // when
            var open = CasePolicy.allowed(caseCoordinator, new CasePolicy.Facts(CaseStatus.COLLECTING_RECORDS,
                    true, true, new RecordsCompleteness.StillNeeded(List.of("PSA history"))));
            var complete = CasePolicy.allowed(caseCoordinator, new CasePolicy.Facts(CaseStatus.COLLECTING_RECORDS,
                    true, true, RecordsCompleteness.COMPLETE));

            // then
            assertThat(open).doesNotContain(CaseAction.COMPLETE_RECORDS).contains(CaseAction.CHANGE_SPECIALTY);
            assertThat(complete).contains(CaseAction.COMPLETE_RECORDS);
        }

        @Test
        void a_patient_is_refused_for_who_they_are_before_the_checklist_is_looked_at() {
            // when
            Decision refused = CasePolicy.decide(relation(CaseFixtures.patient(), GrantReason.OWNER),
                    new CasePolicy.Facts(CaseStatus.COLLECTING_RECORDS, true, true,
                            new RecordsCompleteness.StillNeeded(List.of("PSA history"))),
                    CaseAction.COMPLETE_RECORDS);

            // then
            assertThat(refused).isEqualTo(Decision.forbidden(
                    "only the coordinator who triaged this case can mark records complete"));
        }
    }

    @Nested
    class TriagePool {

        @ParameterizedTest
        @EnumSource(CaseStatus.class)
        void holds_only_submitted_cases_that_no_coordinator_claimed(CaseStatus status) {
            // when / then
            assertThat(CasePolicy.inTriagePool(facts(status, false))).as(status + ", unclaimed")
                    .isEqualTo(status == CaseStatus.SUBMITTED);
            assertThat(CasePolicy.inTriagePool(facts(status, true))).as(status + ", claimed").isFalse();
        }

        @ParameterizedTest
        @EnumSource(CaseStatus.class)
        void a_coordinator_without_a_grant_sees_a_case_only_while_it_is_in_the_pool(CaseStatus status) {
            // given
            CaseRelation stranger = relation(coordinator());

            // when
            Decision unclaimed = CasePolicy.sees(stranger, facts(status, false));
            Decision claimed = CasePolicy.sees(stranger, facts(status, true));

            // then
            assertThat(unclaimed.isAllowed()).as(status.name()).isEqualTo(status == CaseStatus.SUBMITTED);
            assertThat(claimed.isAllowed()).as(status.name()).isFalse();
        }

        @Test
        void is_not_open_to_other_roles() {
            // given
            CasePolicy.Facts pooled = facts(CaseStatus.SUBMITTED, false);

            // when / then
            for (Actor other : new Actor[] {patient(), specialist(), admin()}) {
                assertThat(CasePolicy.sees(relation(other), pooled))
                        .as(other.role().name())
                        .isEqualTo(Decision.notVisible("no grant for this case and not in the caller's triage pool"));
            }
        }

        @Test
        void any_coordinator_may_triage_a_case_in_the_pool_and_no_one_may_triage_it_once_claimed() {
            // given
            CaseRelation stranger = relation(coordinator());
            CaseRelation claimer = relation(coordinator(), GrantReason.COORDINATOR);

            // when / then
            assertThat(CasePolicy.decide(stranger, facts(CaseStatus.SUBMITTED, false), CaseAction.ACCEPT_AT_TRIAGE)
                    .isAllowed()).isTrue();
            assertThat(CasePolicy.decide(claimer, facts(CaseStatus.COLLECTING_RECORDS, true),
                    CaseAction.ACCEPT_AT_TRIAGE)).isEqualTo(Decision.wrongState(
                    "only a case that is submitted can be triaged; this case is collecting records"));
        }
    }

    @Nested
    class PatientIdentity {

        @Test
        void an_offered_specialist_does_not_learn_who_the_patient_is_until_accepting() {
            // given
            CasePolicy.Facts offered = facts(CaseStatus.OFFERED, true);
            CasePolicy.Facts inReview = facts(CaseStatus.IN_REVIEW, true);

            // when
            Decision beforeAccepting = CasePolicy.decide(relation(specialist(), GrantReason.OFFERED), offered,
                    CaseAction.READ_PATIENT_IDENTITY);
            Decision afterAccepting = CasePolicy.decide(relation(specialist(), GrantReason.ASSIGNED), inReview,
                    CaseAction.READ_PATIENT_IDENTITY);

            // then
            assertThat(CasePolicy.decide(relation(specialist(), GrantReason.OFFERED), offered, CaseAction.READ)
                    .isAllowed()).isTrue();
            assertThat(beforeAccepting)
                    .isEqualTo(Decision.forbidden("accept the offer before seeing who the patient is"));
            assertThat(afterAccepting.isAllowed()).isTrue();
        }

        @Test
        void the_patient_the_case_coordinator_and_a_triaging_coordinator_see_who_the_patient_is() {
            // when / then
            assertThat(CasePolicy.decide(relation(patient(), GrantReason.OWNER), facts(CaseStatus.DRAFT, false),
                    CaseAction.READ_PATIENT_IDENTITY).isAllowed()).isTrue();
            assertThat(CasePolicy.decide(relation(coordinator(), GrantReason.COORDINATOR),
                    facts(CaseStatus.COLLECTING_RECORDS, true), CaseAction.READ_PATIENT_IDENTITY).isAllowed())
                    .isTrue();
            assertThat(CasePolicy.decide(relation(coordinator()), facts(CaseStatus.SUBMITTED, false),
                    CaseAction.READ_PATIENT_IDENTITY).isAllowed()).isTrue();
        }
    }

    @Nested
    class Refusals {

        @Test
        void a_wrong_party_is_forbidden_before_the_state_is_looked_at() {
            // given: the patient, on a case whose state would not allow closing anyway
            CaseRelation owner = relation(patient(), GrantReason.OWNER);

            // when
            Decision close = CasePolicy.decide(owner, facts(CaseStatus.DRAFT, false), CaseAction.CLOSE);

            // then
            assertThat(close).isInstanceOfSatisfying(Decision.Refused.class,
                    refused -> assertThat(refused.refusal()).isEqualTo(Refusal.FORBIDDEN));
        }

        @Test
        void a_grant_whose_role_does_not_match_gives_no_party_rights() {
            // given: an owner grant held by a coordinator account (never written so, but never trusted either)
            CaseRelation odd = relation(coordinator(), GrantReason.OWNER);

            // when / then
            assertThat(CasePolicy.decide(odd, facts(CaseStatus.DRAFT, false), CaseAction.SUBMIT))
                    .isEqualTo(Decision.forbidden("only the patient of this case can submit it"));
        }

        @ParameterizedTest
        @EnumSource(CaseStatus.class)
        void the_patient_may_withdraw_until_the_opinion_is_delivered(CaseStatus status) {
            // given
            CaseRelation owner = relation(patient(), GrantReason.OWNER);

            // when
            Decision withdraw = CasePolicy.decide(owner, facts(status, status != CaseStatus.DRAFT
                    && status != CaseStatus.SUBMITTED), CaseAction.WITHDRAW);

            // then
            assertThat(withdraw.isAllowed()).as(status.name()).isEqualTo(EnumSet.of(CaseStatus.DRAFT,
                    CaseStatus.SUBMITTED, CaseStatus.COLLECTING_RECORDS, CaseStatus.READY_FOR_MATCHING,
                    CaseStatus.OFFERED, CaseStatus.IN_REVIEW).contains(status));
        }

        @Test
        void an_admin_sees_no_case_by_default() {
            // when / then
            for (CaseStatus status : CaseStatus.values()) {
                assertThat(CasePolicy.allowed(relation(admin()), facts(status, false))).as(status.name()).isEmpty();
            }
        }
    }

    @Nested
    class Drafts {

        @ParameterizedTest
        @EnumSource(CaseStatus.class)
        void only_the_patient_edits_or_discards_and_only_a_draft(CaseStatus status) {
            // given
            CaseRelation owner = relation(patient(), GrantReason.OWNER);
            CaseRelation coordinator = relation(coordinator(), GrantReason.COORDINATOR);

            // when / then
            for (CaseAction action : List.of(CaseAction.EDIT, CaseAction.DISCARD)) {
                assertThat(CasePolicy.decide(owner, facts(status, false), action).isAllowed())
                        .as(action + " on a " + status + " case").isEqualTo(status == CaseStatus.DRAFT);
                assertThat(CasePolicy.decide(coordinator, facts(status, true), action))
                        .as(action + " by the coordinator").isInstanceOfSatisfying(Decision.Refused.class,
                                refused -> assertThat(refused.refusal()).isEqualTo(Refusal.FORBIDDEN));
            }
        }

        @Test
        void the_patient_of_a_draft_is_offered_edit_and_discard() {
            // when
            Set<CaseAction> allowed = CasePolicy.allowed(relation(patient(), GrantReason.OWNER),
                    facts(CaseStatus.DRAFT, false));

            // then
            assertThat(allowed).contains(CaseAction.EDIT, CaseAction.DISCARD, CaseAction.SUBMIT,
                    CaseAction.WITHDRAW);
        }

        @Test
        void a_patient_whose_address_is_not_confirmed_may_do_everything_to_their_draft_but_submit_it() {
            // given
            Actor p = patient();
            CaseRelation unconfirmed = relation(new Actor(p.id(), p.role(), p.displayName(), false),
                    GrantReason.OWNER);

            // when
            Set<CaseAction> allowed = CasePolicy.allowed(unconfirmed, facts(CaseStatus.DRAFT, false));
            Decision submit = CasePolicy.decide(unconfirmed, facts(CaseStatus.DRAFT, false), CaseAction.SUBMIT);

            // then
            assertThat(allowed).contains(CaseAction.EDIT, CaseAction.DISCARD, CaseAction.WITHDRAW)
                    .doesNotContain(CaseAction.SUBMIT);
            assertThat(submit).isInstanceOfSatisfying(Decision.Refused.class, refused -> {
                assertThat(refused.refusal()).isEqualTo(Refusal.FORBIDDEN);
                assertThat(refused.reason()).contains("confirm your e-mail address");
            });
        }

        @Test
        void a_discarded_draft_is_still_its_patient_s_to_read_and_to_end_others_access_to() {
            // when
            Set<CaseAction> allowed = CasePolicy.allowed(relation(patient(), GrantReason.OWNER),
                    facts(CaseStatus.DISCARDED, false));

            // then
            assertThat(allowed).containsExactly(CaseAction.READ, CaseAction.READ_PATIENT_IDENTITY,
                    CaseAction.READ_ACCESS_LOG, CaseAction.REVOKE_DELEGATE, CaseAction.READ_DELEGATES);
        }
    }

    @Nested
    class Specialties {

        @ParameterizedTest
        @EnumSource(CaseStatus.class)
        void the_case_coordinator_changes_the_specialty_from_triage_until_the_case_is_offered(CaseStatus status) {
            // given
            CaseRelation caseCoordinator = relation(coordinator(), GrantReason.COORDINATOR);

            // when
            Decision change = CasePolicy.decide(caseCoordinator, facts(status, true), CaseAction.CHANGE_SPECIALTY);

            // then
            assertThat(change.isAllowed()).as(status.name()).isEqualTo(EnumSet.of(CaseStatus.SUBMITTED,
                    CaseStatus.COLLECTING_RECORDS, CaseStatus.READY_FOR_MATCHING).contains(status));
        }

        @Test
        void a_coordinator_triaging_from_the_pool_may_change_it_but_no_one_else() {
            // given
            CasePolicy.Facts pooled = facts(CaseStatus.SUBMITTED, false);

            // when / then
            assertThat(CasePolicy.decide(relation(coordinator()), pooled, CaseAction.CHANGE_SPECIALTY).isAllowed())
                    .isTrue();
            assertThat(CasePolicy.decide(relation(patient(), GrantReason.OWNER), pooled,
                    CaseAction.CHANGE_SPECIALTY))
                    .isEqualTo(Decision.forbidden("only the case's coordinator can change its specialty"));
            assertThat(CasePolicy.decide(relation(specialist(), GrantReason.ASSIGNED),
                    facts(CaseStatus.READY_FOR_MATCHING, true), CaseAction.CHANGE_SPECIALTY).isAllowed()).isFalse();
        }

        @Test
        void a_case_whose_patient_was_not_sure_of_the_specialty_is_not_offered() {
            // given
            CaseRelation caseCoordinator = relation(coordinator(), GrantReason.COORDINATOR);
            CasePolicy.Facts unsure = new CasePolicy.Facts(CaseStatus.READY_FOR_MATCHING, true, false);

            // when
            Decision offer = CasePolicy.decide(caseCoordinator, unsure, CaseAction.OFFER);

            // then
            assertThat(offer).isEqualTo(Decision.wrongState("the patient was not sure which specialty the case "
                    + "needs; choose its specialty before offering it to a specialist"));
            assertThat(CasePolicy.allowed(caseCoordinator, unsure)).contains(CaseAction.CHANGE_SPECIALTY)
                    .doesNotContain(CaseAction.OFFER);
            assertThat(CasePolicy.decide(caseCoordinator, facts(CaseStatus.READY_FOR_MATCHING, true),
                    CaseAction.OFFER).isAllowed()).isTrue();
        }
    }

    @Nested
    class Delegates {

        private CaseRelation delegate(DelegateRight... rights) {
            EnumSet<DelegateRight> given = EnumSet.of(DelegateRight.VIEW, rights);
            return new CaseRelation(patient(), new LiveGrant(Set.of(GrantReason.DELEGATE), given));
        }

        @Test
        void a_delegate_sees_whom_the_case_is_for_but_neither_its_access_log_nor_the_people_let_in() {
            // when
            Set<CaseAction> allowed = CasePolicy.allowed(delegate(DelegateRight.UPLOAD_RECORDS,
                    DelegateRight.READ_REPORT, DelegateRight.MESSAGE), facts(CaseStatus.SUBMITTED, false));

            // then
            assertThat(allowed).containsExactly(CaseAction.READ, CaseAction.READ_PATIENT_IDENTITY);
        }

        @Test
        void only_a_delegate_given_the_right_withdraws_and_only_while_the_patient_could() {
            // when
            Decision without = CasePolicy.decide(delegate(DelegateRight.READ_REPORT), facts(CaseStatus.SUBMITTED,
                    false), CaseAction.WITHDRAW);
            Decision with = CasePolicy.decide(delegate(DelegateRight.WITHDRAW), facts(CaseStatus.SUBMITTED, false),
                    CaseAction.WITHDRAW);
            Decision late = CasePolicy.decide(delegate(DelegateRight.WITHDRAW),
                    facts(CaseStatus.OPINION_DELIVERED, true), CaseAction.WITHDRAW);

            // then
            assertThat(without).isEqualTo(Decision.forbidden("only the patient of this case, or someone they let "
                    + "withdraw it, can withdraw it"));
            assertThat(with.isAllowed()).isTrue();
            assertThat(late.isAllowed()).isFalse();
        }

        @Test
        void a_right_counts_only_on_a_delegate_s_grant() {
            // given a grant of another reason that somehow carried rights
            CaseRelation coordinator = new CaseRelation(coordinator(), new LiveGrant(Set.of(GrantReason.COORDINATOR),
                    EnumSet.of(DelegateRight.WITHDRAW)));

            // then
            assertThat(coordinator.delegated(DelegateRight.WITHDRAW)).isFalse();
            assertThat(CasePolicy.decide(coordinator, facts(CaseStatus.SUBMITTED, true), CaseAction.WITHDRAW)
                    .isAllowed()).isFalse();
        }

        @ParameterizedTest
        @EnumSource(CaseStatus.class)
        void the_patient_lets_people_in_unless_the_case_ended_before_its_opinion_and_ends_their_access_always(
                CaseStatus status) {
            // given
            CaseRelation owner = relation(patient(), GrantReason.OWNER);
            boolean delegable = status != CaseStatus.DISCARDED && status != CaseStatus.WITHDRAWN
                    && status != CaseStatus.DECLINED;

            // then
            assertThat(CasePolicy.decide(owner, facts(status, true), CaseAction.INVITE_DELEGATE).isAllowed())
                    .isEqualTo(delegable);
            assertThat(CasePolicy.decide(owner, facts(status, true), CaseAction.REVOKE_DELEGATE).isAllowed())
                    .isTrue();
            assertThat(CasePolicy.decide(delegate(DelegateRight.values()), facts(status, true),
                    CaseAction.INVITE_DELEGATE).isAllowed()).isFalse();
            assertThat(CasePolicy.decide(delegate(DelegateRight.values()), facts(status, true),
                    CaseAction.REVOKE_DELEGATE).isAllowed()).isFalse();
        }
    }

    @Nested
    class EmergencyAccess {

        @Test
        void only_a_medical_director_or_an_administrator_may_break_the_glass() {
            for (Role role : Role.values()) {
                Actor actor = new Actor(org.consilium.shared.UserId.random(), role, "Someone", true);
                assertThat(CasePolicy.mayBreakGlass(actor).isAllowed()).as("%s", role)
                        .isEqualTo(role == Role.MEDICAL_DIRECTOR || role == Role.ADMIN);
            }
        }

        @Test
        void an_emergency_access_reads_whom_the_case_is_for_and_does_nothing_else() {
            // given
            Actor director = new Actor(org.consilium.shared.UserId.random(), Role.MEDICAL_DIRECTOR, "Dr. D", true);

            // when
            Set<CaseAction> allowed = CasePolicy.allowed(relation(director, GrantReason.BREAK_GLASS),
                    facts(CaseStatus.IN_REVIEW, true));

            // then
            assertThat(allowed).containsExactly(CaseAction.READ, CaseAction.READ_PATIENT_IDENTITY);
        }
    }

    @Test
    void allowed_lists_exactly_the_actions_decide_allows() {
        // given
        CaseRelation reviewer = relation(specialist(), GrantReason.ASSIGNED);
        CasePolicy.Facts inReview = facts(CaseStatus.IN_REVIEW, true);

        // when
        Set<CaseAction> allowed = CasePolicy.allowed(reviewer, inReview);

        // then
        assertThat(allowed).containsExactly(CaseAction.READ, CaseAction.READ_PATIENT_IDENTITY,
                CaseAction.DELIVER_OPINION);
    }
}
