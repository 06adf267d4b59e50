package org.consilium.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.consilium.identity.AccountDetails;
import org.consilium.identity.Principals;
import org.consilium.identity.SecondFactorPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Where staff must have a second factor, a staff member without one reaches only what setting one up needs. The
 * principal comes from the app's own account lookup, so the flags are the real ones.
 */
class SecondFactorEnrolmentFilterTests {

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @ParameterizedTest(name = "{0} {1} by a {2} with a second factor: {3}, required: {4}")
    @CsvSource({
            // a coordinator without a second factor, where staff need one: only setting one up
            "GET, /cases, COORDINATOR, false, true, 302",
            "POST, /cases/1/triage, COORDINATOR, false, true, 403",
            "GET, /account, COORDINATOR, false, true, 200",
            "POST, /account/second-factor, COORDINATOR, false, true, 200",
            "POST, /logout, COORDINATOR, false, true, 200",
            "GET, /css/consilium.css, COORDINATOR, false, true, 200",
            // with one, or where none is required, or a patient: everything
            "GET, /cases, COORDINATOR, true, true, 200",
            "GET, /cases, COORDINATOR, false, false, 200",
            "GET, /cases, PATIENT, false, true, 200",
            "GET, /admin/accounts, ADMIN, false, true, 302"})
    void staff_without_a_second_factor_can_only_set_one_up(String method, String path, String role,
            boolean secondFactor, boolean required, int status) throws Exception {
        // given
        AccountDetails account = Principals.of(role, secondFactor);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(account, null, account.getAuthorities()));
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        MockHttpServletResponse response = new MockHttpServletResponse();

        // when
        new SecondFactorEnrolmentFilter(new SecondFactorPolicy(required)).doFilter(request, response,
                new MockFilterChain());

        // then
        assertThat(response.getStatus()).isEqualTo(status);
        if (status == 302) {
            assertThat(response.getRedirectedUrl()).isEqualTo("/account");
        }
    }
}
