package org.consilium.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.intake.CaseFixtures.coordinator;
import static org.consilium.intake.CaseFixtures.inState;
import static org.consilium.intake.CaseFixtures.patient;
import static org.consilium.intake.CaseFixtures.specialist;
import static org.consilium.intake.CaseFixtures.view;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.consilium.identity.GrantReason;
import org.consilium.intake.CaseStatus;
import org.consilium.intake.CaseView;
import org.consilium.review.OpinionPolicy.OpinionAction;
import org.consilium.shared.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpinionPolicyTests {

    static Stream<Arguments> readersAndOpinionStates() {
        List<OpinionStatus> states = Arrays.asList(null, OpinionStatus.DRAFT, OpinionStatus.SIGNED);
        return states.stream().flatMap(status -> Stream.of(
                Arguments.of("patient", view(inState(CaseStatus.IN_REVIEW), patient(), GrantReason.OWNER), status),
                Arguments.of("coordinator", view(inState(CaseStatus.IN_REVIEW), coordinator(),
                        GrantReason.COORDINATOR), status)));
    }

    @ParameterizedTest(name = "{0}, opinion {2}")
    @MethodSource("readersAndOpinionStates")
    void patients_and_coordinators_never_read_an_unsigned_opinion(String who, CaseView c, OpinionStatus status) {
        // when
        Decision signed = OpinionPolicy.decide(c, OpinionAction.READ_SIGNED, status);
        Decision draft = OpinionPolicy.decide(c, OpinionAction.READ_DRAFT, status);

        // then
        assertThat(signed.isAllowed()).isEqualTo(status == OpinionStatus.SIGNED);
        assertThat(draft.isAllowed()).isFalse();
    }

    @Test
    void the_case_coordinator_reads_the_signed_opinion() {
        // given
        CaseView c = view(inState(CaseStatus.OPINION_DELIVERED), coordinator(), GrantReason.COORDINATOR);

        // when / then
        assertThat(OpinionPolicy.decide(c, OpinionAction.READ_SIGNED, OpinionStatus.SIGNED).isAllowed()).isTrue();
        assertThat(OpinionPolicy.allowedActionNames(c, OpinionStatus.SIGNED)).containsExactly("readOpinion");
    }

    @Test
    void only_the_reviewer_writes_and_signs_and_only_in_review() {
        // given
        CaseView reviewing = view(inState(CaseStatus.IN_REVIEW), specialist(), GrantReason.ASSIGNED);
        CaseView offered = view(inState(CaseStatus.OFFERED), specialist(), GrantReason.OFFERED);
        CaseView delivered = view(inState(CaseStatus.OPINION_DELIVERED), specialist(), GrantReason.ASSIGNED);

        // when / then
        assertThat(OpinionPolicy.allowedActionNames(reviewing, OpinionStatus.DRAFT))
                .containsExactly("writeOpinion", "sign");
        assertThat(OpinionPolicy.decide(offered, OpinionAction.WRITE, null))
                .isEqualTo(Decision.forbidden("only the specialist reviewing this case writes its opinion"));
        assertThat(OpinionPolicy.decide(delivered, OpinionAction.SIGN, OpinionStatus.SIGNED)).isEqualTo(
                Decision.wrongState("the opinion is already signed and can no longer be changed; corrections will "
                        + "be amendments"));
        assertThat(OpinionPolicy.decide(view(inState(CaseStatus.IN_REVIEW), patient(), GrantReason.OWNER),
                OpinionAction.WRITE, null).isAllowed()).isFalse();
    }

    @Test
    void the_actions_offered_without_loading_the_opinion_match_those_decided_with_it() {
        // given every state, as the patient and as the reviewer, with the opinion as the lifecycle leaves it
        for (CaseStatus status : CaseStatus.values()) {
            OpinionStatus opinion = switch (status) {
                case OPINION_DELIVERED, CLOSED -> OpinionStatus.SIGNED;
                case IN_REVIEW -> OpinionStatus.DRAFT;
                default -> null;
            };
            for (CaseView c : List.of(view(inState(status), patient(), GrantReason.OWNER),
                    view(inState(status), specialist(), GrantReason.ASSIGNED))) {
                // when / then
                assertThat(OpinionPolicy.allowedActionNames(c)).as(status + " " + c.relation())
                        .isEqualTo(OpinionPolicy.allowedActionNames(c, opinion));
            }
        }
    }
}
