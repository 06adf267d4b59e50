package org.consilium.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.consilium.identity.Role;
import org.consilium.intake.CaseDetails;
import org.consilium.intake.RecordsCompleteness;
import org.consilium.intake.Urgency;
import org.consilium.records.Checklist.Filed;
import org.consilium.records.Checklist.Status;
import org.consilium.shared.CaseId;
import org.consilium.shared.Specialty;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rule that picks a case's checklist, and the rule that says what it still needs. */
class ChecklistTests {

    private static final CaseId CASE = new CaseId(UUID.fromString("00000000-0000-0000-0000-0000000000c1"));
    private static final UserId COORDINATOR = new UserId(UUID.fromString("00000000-0000-0000-0000-0000000000a1"));
    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

    private static ChecklistTemplate.Item item(String key, int position, Set<RecordCategory> categories,
            Set<Specialty> specialties) {
        return new ChecklistTemplate.Item(key, position, categories, specialties, "patient " + key,
                "specialist " + key);
    }

    /** A breast checklist: pathology, receptors (lab or genetic), and images for surgeons only. */
    private static final ChecklistTemplate BREAST = new ChecklistTemplate("breast-cancer", 10, "breast cancer",
            List.of("C50"), List.of("breast"), List.of(
                    item("images", 3, Set.of(RecordCategory.IMAGING_STUDY), Set.of(Specialty.SURGICAL_ONCOLOGY)),
                    item("pathology", 1, Set.of(RecordCategory.PATHOLOGY_REPORT), Set.of()),
                    item("receptors", 2, Set.of(RecordCategory.LAB_RESULT, RecordCategory.GENETIC_REPORT),
                            Set.of())));
    private static final ChecklistTemplate LUNG = new ChecklistTemplate("lung-cancer", 20, "lung cancer",
            List.of("C34"), List.of("lung", "non small cell"), List.of(
                    item("pathology", 1, Set.of(RecordCategory.PATHOLOGY_REPORT), Set.of())));
    private static final ChecklistTemplate BRAIN = new ChecklistTemplate("brain-tumour", 50, "brain tumour",
            List.of("C71"), List.of("brain", "glioma"), List.of(
                    item("mri", 1, Set.of(RecordCategory.IMAGING_STUDY), Set.of())));
    private static final ChecklistTemplate GENERAL = new ChecklistTemplate("general", 1000, "your condition",
            List.of(), List.of(), List.of(
                    item("notes", 1, Set.of(RecordCategory.CLINICAL_NOTE), Set.of())));
    /** Out of order on purpose: position decides, not the order they are read in. */
    private static final List<ChecklistTemplate> KEPT = List.of(GENERAL, BRAIN, LUNG, BREAST);

    private static CaseDetails details(String diagnosis, @Nullable String icd10, @Nullable String cancerType,
            Specialty specialty) {
        return new CaseDetails(diagnosis, icd10, cancerType, null, null, null, null, specialty, Urgency.ROUTINE,
                null, null);
    }

    private static ChecklistWaiver waiver(String item, boolean withdrawn) {
        return new ChecklistWaiver(UUID.randomUUID(), CASE, item, "not done for this patient", COORDINATOR,
                Role.COORDINATOR, NOW, withdrawn ? COORDINATOR : null, withdrawn ? Role.COORDINATOR : null,
                withdrawn ? NOW.plusSeconds(60) : null);
    }

    private static Filed record(RecordCategory category, boolean voided) {
        return new Filed(RecordId.random(), category, voided);
    }

    @Nested
    class Choosing {

        static Stream<Arguments> cases() {
            return Stream.of(
                    // The code decides first, whatever the words say.
                    Arguments.of("Metastatic disease to the brain", "C50.9", null, "breast-cancer"),
                    Arguments.of("Breast lump", "c34.1", null, "lung-cancer"),
                    // Then the cancer type, before the diagnosis.
                    Arguments.of("Brain metastases", null, "Lung cancer", "lung-cancer"),
                    Arguments.of("Brain metastases", "Z99.9", "Non-small-cell carcinoma", "lung-cancer"),
                    // Then the diagnosis; the first checklist by position wins a tie.
                    Arguments.of("Glioma, WHO grade 2", null, null, "brain-tumour"),
                    Arguments.of("Breast cancer spread to the lung", null, null, "breast-cancer"),
                    // Whole words only: "lungs" is not "lung", "brainstem" not "brain".
                    Arguments.of("Fluid on the lungs", null, null, "general"),
                    Arguments.of("Brainstem cavernoma", null, "", "general"),
                    Arguments.of("Follicular lymphoma", "C82.9", "Lymphoma", "general"));
        }

        @ParameterizedTest(name = "{0} / {1} / {2} → {3}")
        @MethodSource("cases")
        void picks_by_code_then_cancer_type_then_diagnosis_then_the_general_checklist(String diagnosis,
                @Nullable String icd10, @Nullable String cancerType, String expected) {
            // when
            var chosen = ChecklistTemplate.choose(KEPT, details(diagnosis, icd10, cancerType,
                    Specialty.MEDICAL_ONCOLOGY));

            // then
            assertThat(chosen).map(ChecklistTemplate::key).contains(expected);
        }

        @Test
        void without_a_general_checklist_a_case_no_condition_fits_gets_none() {
            // when
            var chosen = ChecklistTemplate.choose(List.of(BREAST, LUNG),
                    details("Follicular lymphoma", null, null, Specialty.HEMATOLOGY));

            // then
            assertThat(chosen).isEmpty();
        }

        @Test
        void a_checklist_with_terms_is_not_general() {
            // when / then
            assertThat(GENERAL.general()).isTrue();
            assertThat(new ChecklistTemplate("x", 1, "x", List.of("C50"), List.of(), List.of()).general()).isFalse();
            assertThat(new ChecklistTemplate("y", 2, "y", List.of(), List.of("breast"), List.of()).general())
                    .isFalse();
        }
    }

    @Nested
    class Evaluating {

        @Test
        void an_item_is_needed_until_a_record_of_one_of_its_categories_satisfies_it() {
            // given a pathology report and a genetic report
            Filed pathology = record(RecordCategory.PATHOLOGY_REPORT, false);
            Filed genetic = record(RecordCategory.GENETIC_REPORT, false);

            // when
            Checklist none = Checklist.of(BREAST, Specialty.MEDICAL_ONCOLOGY, List.of(), List.of());
            Checklist some = Checklist.of(BREAST, Specialty.MEDICAL_ONCOLOGY, List.of(pathology, genetic),
                    List.of());

            // then
            assertThat(none.items()).extracting(Checklist.Item::key, Checklist.Item::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("pathology", Status.NEEDED),
                            org.assertj.core.groups.Tuple.tuple("receptors", Status.NEEDED));
            assertThat(none.complete()).isFalse();
            assertThat(some.items()).extracting(Checklist.Item::status)
                    .containsExactly(Status.SATISFIED, Status.SATISFIED);
            assertThat(some.item("pathology").orElseThrow().satisfiedBy()).containsExactly(pathology.id());
            assertThat(some.item("receptors").orElseThrow().satisfiedBy()).containsExactly(genetic.id());
            assertThat(some.complete()).isTrue();
            assertThat(some.stillNeeded()).isEmpty();
        }

        @Test
        void a_record_of_another_category_satisfies_nothing() {
            // when
            Checklist c = Checklist.of(BREAST, Specialty.MEDICAL_ONCOLOGY,
                    List.of(record(RecordCategory.IMAGING_REPORT, false), record(RecordCategory.OTHER, false)),
                    List.of());

            // then
            assertThat(c.stillNeeded()).extracting(Checklist.Item::key).containsExactly("pathology", "receptors");
        }

        @Test
        void a_voided_record_satisfies_nothing() {
            // given a pathology report that was voided, and a lab result that was not
            Filed voided = record(RecordCategory.PATHOLOGY_REPORT, true);
            Filed lab = record(RecordCategory.LAB_RESULT, false);

            // when
            Checklist c = Checklist.of(BREAST, Specialty.MEDICAL_ONCOLOGY, List.of(voided, lab), List.of());

            // then
            assertThat(c.item("pathology").orElseThrow().status()).isEqualTo(Status.NEEDED);
            assertThat(c.item("pathology").orElseThrow().satisfiedBy()).isEmpty();
            assertThat(c.item("receptors").orElseThrow().satisfiedBy()).containsExactly(lab.id());
            assertThat(c.complete()).isFalse();
        }

        @Test
        void a_live_waiver_counts_and_a_withdrawn_one_does_not() {
            // given
            ChecklistWaiver withdrawn = waiver("pathology", true);
            ChecklistWaiver live = waiver("receptors", false);

            // when
            Checklist c = Checklist.of(BREAST, Specialty.MEDICAL_ONCOLOGY, List.of(), List.of(withdrawn, live));

            // then
            Checklist.Item pathology = c.item("pathology").orElseThrow();
            assertThat(pathology.status()).isEqualTo(Status.NEEDED);
            assertThat(pathology.waiver()).isNull();
            assertThat(pathology.withdrawnWaivers()).containsExactly(withdrawn);
            Checklist.Item receptors = c.item("receptors").orElseThrow();
            assertThat(receptors.status()).isEqualTo(Status.WAIVED);
            assertThat(receptors.waiver()).isEqualTo(live);
            assertThat(receptors.withdrawnWaivers()).isEmpty();
            assertThat(c.stillNeeded()).extracting(Checklist.Item::key).containsExactly("pathology");
        }

        @Test
        void a_waiver_again_after_a_withdrawn_one_counts() {
            // when
            Checklist c = Checklist.of(BREAST, Specialty.MEDICAL_ONCOLOGY,
                    List.of(record(RecordCategory.LAB_RESULT, false)),
                    List.of(waiver("pathology", true), waiver("pathology", false)));

            // then
            assertThat(c.complete()).isTrue();
            assertThat(c.item("pathology").orElseThrow().status()).isEqualTo(Status.WAIVED);
        }

        @Test
        void a_record_satisfies_an_item_even_if_it_is_waived_and_the_waiver_is_kept() {
            // given
            ChecklistWaiver live = waiver("pathology", false);

            // when
            Checklist c = Checklist.of(BREAST, Specialty.MEDICAL_ONCOLOGY,
                    List.of(record(RecordCategory.PATHOLOGY_REPORT, false)), List.of(live));

            // then
            assertThat(c.item("pathology").orElseThrow().status()).isEqualTo(Status.SATISFIED);
            assertThat(c.item("pathology").orElseThrow().waiver()).isEqualTo(live);
        }

        @Test
        void a_waiver_of_another_item_waives_nothing_here() {
            // when
            Checklist c = Checklist.of(BREAST, Specialty.MEDICAL_ONCOLOGY, List.of(),
                    List.of(waiver("images", false)));

            // then
            assertThat(c.stillNeeded()).extracting(Checklist.Item::key).containsExactly("pathology", "receptors");
        }

        @Test
        void items_of_a_specialty_are_needed_only_by_cases_asking_for_it() {
            // when
            Checklist surgical = Checklist.of(BREAST, Specialty.SURGICAL_ONCOLOGY, List.of(), List.of());
            Checklist medical = Checklist.of(BREAST, Specialty.MEDICAL_ONCOLOGY, List.of(), List.of());
            Checklist unsure = Checklist.of(BREAST, Specialty.UNSURE, List.of(), List.of());

            // then: in the checklist's order, whatever order the items were kept in
            assertThat(surgical.items()).extracting(Checklist.Item::key)
                    .containsExactly("pathology", "receptors", "images");
            assertThat(medical.items()).extracting(Checklist.Item::key).containsExactly("pathology", "receptors");
            assertThat(unsure.items()).extracting(Checklist.Item::key).containsExactly("pathology", "receptors");
        }

        @Test
        void no_checklist_is_never_complete() {
            // when
            Checklist none = Checklist.none();

            // then
            assertThat(none.fitted()).isFalse();
            assertThat(none.stillNeeded()).isEmpty();
            assertThat(none.complete()).isFalse();
        }
    }

    @Nested
    class AnsweringIntake {

        @Test
        void answers_complete_still_needed_in_the_specialists_words_or_not_checked() {
            // when
            var complete = ChecklistCompleteness.answer(Checklist.of(BREAST, Specialty.MEDICAL_ONCOLOGY,
                    List.of(record(RecordCategory.PATHOLOGY_REPORT, false)), List.of(waiver("receptors", false))));
            var open = ChecklistCompleteness.answer(Checklist.of(BREAST, Specialty.SURGICAL_ONCOLOGY, List.of(),
                    List.of(waiver("receptors", false))));
            var none = ChecklistCompleteness.answer(Checklist.none());

            // then
            assertThat(complete).isEqualTo(RecordsCompleteness.COMPLETE);
            assertThat(open).isEqualTo(new RecordsCompleteness.StillNeeded(List.of("specialist pathology",
                    "specialist images")));
            assertThat(none).isInstanceOf(RecordsCompleteness.NotChecked.class);
        }
    }
}
