package org.consilium.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.consilium.shared.Check;
import org.consilium.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CaseProxyTests {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-28");

    @ParameterizedTest
    @EnumSource(value = Relationship.class, names = {"PARENT", "LEGAL_GUARDIAN"})
    void a_parent_or_legal_guardian_may_open_a_minor_s_case(Relationship relationship) {
        // given a child of eight
        CaseProxy proxy = new CaseProxy("Mia Santos", LocalDate.parse("2018-05-02"), relationship);

        // when / then
        proxy.checkOn(new Check(), TODAY).orThrow();
        assertThat(proxy.isMinorOn(TODAY)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Relationship.class, names = {"PARENT", "LEGAL_GUARDIAN"}, mode = EnumSource.Mode.EXCLUDE)
    void anyone_else_is_refused_for_a_minor_naming_the_rule(Relationship relationship) {
        // given a patient who turns eighteen tomorrow
        CaseProxy proxy = new CaseProxy("Leo Santos", TODAY.minusYears(18).plusDays(1), relationship);

        // when / then
        assertThatThrownBy(() -> proxy.checkOn(new Check(), TODAY).orThrow())
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).violations())
                        .extracting(InvalidInputException.Violation::field).containsExactly("relationship"))
                .hasMessageContaining("parent or legal guardian");
    }

    @Test
    void an_adult_may_be_represented_by_a_caregiver_from_their_eighteenth_birthday() {
        // given a patient who is eighteen today
        CaseProxy proxy = new CaseProxy("Ana Santos", TODAY.minusYears(18), Relationship.CAREGIVER);

        // when / then
        proxy.checkOn(new Check(), TODAY).orThrow();
        assertThat(proxy.isMinorOn(TODAY)).isFalse();
    }

    @Test
    void a_birth_date_in_the_future_is_refused() {
        CaseProxy proxy = new CaseProxy("Future Santos", TODAY.plusDays(1), Relationship.PARENT);
        assertThatThrownBy(() -> proxy.checkOn(new Check(), TODAY).orThrow())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Patient's date of birth is in the future");
    }

    @Test
    void a_case_for_someone_else_needs_their_name_birth_date_and_the_relationship() {
        // when
        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidInputException.class,
                () -> OpenCase.parse("Neuroblastoma", null, null, null, null, null, null, "HEMATOLOGY", null, null,
                        List.of(new OpenCase.RawQuestion("OTHER", "Is surgery needed?")),
                        new OpenCase.RawProxy("SOMEONE_ELSE", " ", "not-a-date", "NEIGHBOUR")));

        // then
        assertThat(refused.violations()).extracting(InvalidInputException.Violation::field)
                .containsExactlyInAnyOrder("patientName", "relationship", "patientBirthDate");
    }

    @Test
    void a_case_for_oneself_ignores_the_proxy_fields() {
        OpenCase opened = OpenCase.parse("Neuroblastoma", null, null, null, null, null, null, "HEMATOLOGY", null,
                null, List.of(new OpenCase.RawQuestion("OTHER", "Is surgery needed?")),
                new OpenCase.RawProxy("SELF", "Someone", "2010-01-01", "PARENT"));
        assertThat(opened.details().proxy()).isNull();
    }

    @Test
    void a_case_for_someone_else_keeps_who_they_are() {
        OpenCase opened = OpenCase.parse("Neuroblastoma", null, null, null, null, null, null, "HEMATOLOGY", null,
                null, List.of(new OpenCase.RawQuestion("OTHER", "Is surgery needed?")),
                new OpenCase.RawProxy("SOMEONE_ELSE", " Mia Santos ", "2018-05-02", "PARENT"));
        assertThat(opened.details().proxy())
                .isEqualTo(new CaseProxy("Mia Santos", LocalDate.parse("2018-05-02"), Relationship.PARENT));
    }
}
