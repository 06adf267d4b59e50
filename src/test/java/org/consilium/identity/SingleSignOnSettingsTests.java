package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an identity provider's role claim becomes a staff role, and what counts as its second factor. */
class SingleSignOnSettingsTests {

    private static SingleSignOnSettings settings(Map<String, String> mapping) {
        return new SingleSignOnSettings("https://idp.example.org", "consilium", "secret", "Northwell SSO", "roles",
                mapping, List.of("mfa", "hwk", "swk", "otp", "sc", "fpt", "face"), List.of("urn:example:loa:2fa"),
                false);
    }

    @Test
    void without_a_mapping_a_staff_role_s_name_in_any_case_is_that_role_and_other_values_are_ignored() {
        // given
        SingleSignOnSettings settings = settings(Map.of());

        // when
        var roles = settings.rolesGranted(List.of("Coordinator", " medical_director ", "patient", "staff"));

        // then
        assertThat(roles).containsExactlyInAnyOrder(Role.COORDINATOR, Role.MEDICAL_DIRECTOR);
    }

    @Test
    void with_a_mapping_only_the_values_it_names_count_so_an_unrelated_admin_group_is_no_administrator() {
        // given
        SingleSignOnSettings settings = settings(Map.of("Consilium-Coordinators", "coordinator"));

        // when
        var roles = settings.rolesGranted(List.of("consilium-coordinators", "admin", "ADMIN"));

        // then
        assertThat(roles).containsExactly(Role.COORDINATOR);
    }

    @Test
    void refuses_a_mapping_to_a_role_that_is_not_staff() {
        assertThatThrownBy(() -> settings(Map.of("patients", "PATIENT")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a staff role");
    }

    @Test
    void a_password_alone_is_one_factor_and_an_mfa_amr_or_a_configured_acr_is_two() {
        SingleSignOnSettings settings = settings(Map.of());

        assertThat(settings.reportsMultiFactor(List.of("pwd"), null)).isFalse();
        assertThat(settings.reportsMultiFactor(List.of("pwd", "sms"), "urn:example:loa:1")).isFalse();
        assertThat(settings.reportsMultiFactor(List.of(), null)).isFalse();
        assertThat(settings.reportsMultiFactor(List.of("pwd", "MFA"), null)).isTrue();
        assertThat(settings.reportsMultiFactor(List.of("hwk"), null)).isTrue();
        assertThat(settings.reportsMultiFactor(List.of("pwd"), "urn:example:loa:2fa")).isTrue();
    }

    @Test
    void a_claim_is_a_list_or_one_string_of_words() {
        assertThat(SingleSignOnSettings.values(List.of("a", "b"))).containsExactly("a", "b");
        assertThat(SingleSignOnSettings.values("a, b c")).containsExactly("a", "b", "c");
        assertThat(SingleSignOnSettings.values(null)).isEmpty();
        assertThat(SingleSignOnSettings.values(42)).isEmpty();
    }

    @Test
    void is_off_without_an_issuer_and_needs_a_client_id_with_one() {
        assertThat(new SingleSignOnSettings(" ", null, null, "x", "roles", Map.of(), List.of(), List.of(), false)
                .enabled()).isFalse();
        assertThatThrownBy(() -> new SingleSignOnSettings("https://idp.example.org", null, null, "x", "roles",
                Map.of(), List.of(), List.of(), false)).hasMessageContaining("client-id");
    }

    @Test
    void staff_signed_in_with_the_provider_s_second_factor_need_not_set_up_an_app_and_with_a_password_alone_must() {
        SecondFactorPolicy policy = new SecondFactorPolicy(true);
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        AccountDetails coordinator = new AccountDetails(new Actor(org.consilium.shared.UserId.random(),
                Role.COORDINATOR, "Cora", true), "cora@example.org", "", 0, false);

        assertThat(policy.mustEnrol(coordinator.authenticatedBy(AuthenticationContext.of(now,
                AuthMethod.SINGLE_SIGN_ON, AuthMethod.SSO_MULTI_FACTOR)))).isFalse();
        assertThat(policy.mustEnrol(coordinator.authenticatedBy(AuthenticationContext.of(now,
                AuthMethod.SINGLE_SIGN_ON)))).isTrue();
        assertThat(policy.mustEnrol(coordinator.authenticatedBy(null))).isTrue();
    }

    @Test
    void a_multi_factor_sign_in_by_the_provider_counts_as_a_second_factor_and_a_password_alone_does_not() {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        assertThat(AuthenticationContext.of(now, AuthMethod.SINGLE_SIGN_ON, AuthMethod.SSO_MULTI_FACTOR).multiFactor())
                .isTrue();
        assertThat(AuthenticationContext.of(now, AuthMethod.SINGLE_SIGN_ON).multiFactor()).isFalse();
        assertThat(AuthenticationContext.of(now, AuthMethod.PASSWORD).multiFactor()).isFalse();
        assertThat(AuthenticationContext.restore(now, "sso+sso-mfa").methods())
                .containsExactlyInAnyOrder(AuthMethod.SINGLE_SIGN_ON, AuthMethod.SSO_MULTI_FACTOR);
    }
}
