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
                RecordAction.EDIT, "only the patient, the case's coordinator, or someone the patient allowed to "
                        + "add records can edit a record",
                RecordAction.VOID, "only the patient, the case's coordinator, or someone the patient allowed to "
                        + "add records can void a record");

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

    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void whoever_added_a_record_and_the_case_coordinator_edit_and_void_it_while_the_file_is_gathered(
            CaseStatus status) {
        // given a record the patient added
        boolean open = status == CaseStatus.DRAFT || status == CaseStatus.SUBMITTED
                || status == CaseStatus.COLLECTING_RECORDS;
        MedicalRecord r = record(patient());

        for (RecordAction action : new RecordAction[] {RecordAction.EDIT, RecordAction.VOID}) {
            // when
            Decision byPatient = RecordPolicy.decide(view(inState(status), patient(), GrantReason.OWNER), action, r);
            Decision byCoordinator = RecordPolicy.decide(view(inState(status), coordinator(),
                    GrantReason.COORDINATOR), action, r);

            // then
            assertThat(byPatient.isAllowed()).as(action + " on " + status).isEqualTo(open);
            assertThat(byCoordinator.isAllowed()).as(action + " on " + status).isEqualTo(open);
            if (!open) {
                assertThat(byPatient).isInstanceOf(Decision.Refused.class);
                assertThat(((Decision.Refused) byPatient).refusal()).isEqualTo(Decision.Refusal.WRONG_STATE);
            }
        }
    }

    @Test
    void someone_who_adds_records_may_not_edit_or_void_a_record_added_by_another() {
        // given a record the coordinator added, and the patient
        CaseView c = view(inState(CaseStatus.COLLECTING_RECORDS), patient(), GrantReason.OWNER);
        MedicalRecord r = record(coordinator());

        // when / then
        assertThat(RecordPolicy.decide(c, RecordAction.EDIT, r))
                .isEqualTo(Decision.forbidden("only whoever added the record and the case's coordinator can edit it"));
        assertThat(RecordPolicy.decide(c, RecordAction.VOID, r))
                .isEqualTo(Decision.forbidden("only whoever added the record and the case's coordinator can void it"));
        assertThat(RecordPolicy.recordActionNames(c, r)).containsExactly("readRecords");
    }

    @Test
    void a_voided_record_is_neither_edited_nor_voided_again_and_only_the_coordinator_reads_it() {
        // given
        MedicalRecord r = voided(record(patient()));
        CaseView byPatient = view(inState(CaseStatus.COLLECTING_RECORDS), patient(), GrantReason.OWNER);
        CaseView byCoordinator = view(inState(CaseStatus.COLLECTING_RECORDS), coordinator(), GrantReason.COORDINATOR);
        CaseView byReviewer = view(inState(CaseStatus.IN_REVIEW), specialist(), GrantReason.ASSIGNED);

        // when / then
        assertThat(RecordPolicy.decide(byPatient, RecordAction.EDIT, r)).isEqualTo(Decision.wrongState(
                "the record is voided; a voided record cannot be edited"));
        assertThat(RecordPolicy.decide(byCoordinator, RecordAction.VOID, r)).isEqualTo(Decision.wrongState(
                "the record is voided; a voided record cannot be voided again"));
        assertThat(RecordPolicy.decide(byCoordinator, RecordAction.READ_CONTENT, r).isAllowed()).isTrue();
        assertThat(RecordPolicy.decide(byPatient, RecordAction.READ_CONTENT, r)).isEqualTo(Decision.wrongState(
                "this record was voided (Wrong patient); its content is no longer shown"));
        assertThat(RecordPolicy.decide(byReviewer, RecordAction.READ_CONTENT, r).isAllowed()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ScanState.class)
    void content_is_served_unless_the_scan_is_pending_or_found_malware(ScanState state) {
        // given
        MedicalRecord r = record(patient()).withScanState(state);
        CaseView c = view(inState(CaseStatus.COLLECTING_RECORDS), coordinator(), GrantReason.COORDINATOR);

        // when
        Decision decision = RecordPolicy.decide(c, RecordAction.READ_CONTENT, r);

        // then
        assertThat(decision.isAllowed()).isEqualTo(state != ScanState.PENDING && state != ScanState.INFECTED);
    }

    private static MedicalRecord record(org.consilium.identity.Actor uploader) {
        return new MedicalRecord(RecordId.random(), inState(CaseStatus.DRAFT).id(), RecordCategory.LAB_RESULT,
                RecordSource.PATIENT_UPLOAD, "labs.pdf", "application/pdf", 10, "00", null, uploader.id(),
                org.consilium.intake.CaseFixtures.NOW);
    }

    private static MedicalRecord voided(MedicalRecord r) {
        return new MedicalRecord(r.id(), r.caseId(), r.category(), r.source(), r.filename(), r.contentType(),
                r.size(), r.sha256(), r.dateOfService(), r.uploadedBy(), r.uploadedAt(), null, null, r.scanState(),
                new Voiding(org.consilium.intake.CaseFixtures.NOW, r.uploadedBy(),
                        org.consilium.identity.Role.PATIENT, "Wrong patient"), false, null);
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
