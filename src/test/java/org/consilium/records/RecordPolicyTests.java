package org.consilium.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.intake.CaseFixtures.anotherCoordinator;
import static org.consilium.intake.CaseFixtures.coordinator;
import static org.consilium.intake.CaseFixtures.inState;
import static org.consilium.intake.CaseFixtures.patient;
import static org.consilium.intake.CaseFixtures.specialist;
import static org.consilium.intake.CaseFixtures.view;

import org.consilium.identity.GrantReason;
import org.consilium.intake.CaseStatus;
import org.consilium.intake.CaseView;
import org.consilium.records.RecordPolicy.RecordAction;
import org.consilium.shared.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordPolicyTests {

    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void the_case_coordinator_reads_the_records_content_in_every_state(CaseStatus status) {
        // given
        CaseView c = view(inState(status), coordinator(), GrantReason.COORDINATOR);

        // when / then
        assertThat(RecordPolicy.decide(c, RecordAction.READ_CONTENT).isAllowed()).isTrue();
        assertThat(RecordPolicy.decide(c, RecordAction.READ_NAMES).isAllowed()).isTrue();
    }

    @Test
    void an_offered_specialist_sees_the_list_but_neither_content_nor_file_names() {
        // given
        CaseView c = view(inState(CaseStatus.OFFERED), specialist(), GrantReason.OFFERED);

        // when / then
        assertThat(RecordPolicy.decide(c, RecordAction.READ_LIST).isAllowed()).isTrue();
        assertThat(RecordPolicy.decide(c, RecordAction.READ_CONTENT))
                .isEqualTo(Decision.forbidden("accept the offer before reading the records' content"));
        assertThat(RecordPolicy.decide(c, RecordAction.READ_NAMES).isAllowed()).isFalse();
    }

    @Test
    void the_reviewer_reads_the_content_once_accepted() {
        // given
        CaseView c = view(inState(CaseStatus.IN_REVIEW), specialist(), GrantReason.ASSIGNED);

        // when / then
        assertThat(RecordPolicy.decide(c, RecordAction.READ_CONTENT).isAllowed()).isTrue();
    }

    @Test
    void a_triaging_coordinator_sees_names_but_not_content() {
        // given
        CaseView c = view(inState(CaseStatus.SUBMITTED), anotherCoordinator());

        // when / then
        assertThat(RecordPolicy.decide(c, RecordAction.READ_NAMES).isAllowed()).isTrue();
        assertThat(RecordPolicy.decide(c, RecordAction.READ_CONTENT).isAllowed()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void the_patient_and_the_case_coordinator_add_and_refile_records_only_while_the_file_is_gathered(
            CaseStatus status) {
        // given
        boolean open = status == CaseStatus.DRAFT || status == CaseStatus.SUBMITTED
                || status == CaseStatus.COLLECTING_RECORDS;
        java.util.Map<RecordAction, String> refusals = java.util.Map.of(
                RecordAction.UPLOAD, "only the patient, the case's coordinator, or someone the patient allowed to add "
                        + "records can add records",
                RecordAction.RECATEGORISE, "only the patient, the case's coordinator, or someone the patient allowed to "
                        + "add records can change a record's category");

        refusals.forEach((action, refusal) -> {
            // when
            Decision byPatient = RecordPolicy.decide(view(inState(status), patient(), GrantReason.OWNER), action);
            Decision byCoordinator = RecordPolicy.decide(view(inState(status), coordinator(),
                    GrantReason.COORDINATOR), action);
            Decision byReviewer = RecordPolicy.decide(view(inState(status), specialist(), GrantReason.ASSIGNED),
                    action);

            // then
            assertThat(byPatient.isAllowed()).as(action + " on " + status).isEqualTo(open);
            assertThat(byCoordinator.isAllowed()).as(action + " on " + status).isEqualTo(open);
            assertThat(byReviewer).as(action + " on " + status).isEqualTo(Decision.forbidden(refusal));
            assertThat(RecordPolicy.allowedActionNames(view(inState(status), patient(), GrantReason.OWNER))
                    .contains(action.wireName())).as(action + " on " + status).isEqualTo(open);
        });
    }

    @Test
    void uploads_are_sourced_by_who_adds_them() {
        // when / then
        assertThat(RecordPolicy.source(view(inState(CaseStatus.DRAFT), patient(), GrantReason.OWNER)))
                .isEqualTo(RecordSource.PATIENT_UPLOAD);
        assertThat(RecordPolicy.source(view(inState(CaseStatus.COLLECTING_RECORDS), coordinator(),
                GrantReason.COORDINATOR))).isEqualTo(RecordSource.COORDINATOR_UPLOAD);
        assertThat(RecordPolicy.source(view(inState(CaseStatus.SUBMITTED), anotherCoordinator()))).isNull();
    }
}
