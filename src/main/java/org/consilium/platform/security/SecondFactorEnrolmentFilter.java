package org.consilium.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.consilium.identity.AccountDetails;
import org.consilium.identity.SecondFactorPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Where staff must sign in with a second factor, a staff member without one can only set one up: every other page
 * sends them to their account page, which says why, and anything else is refused ({@code 403}).
 */
final class SecondFactorEnrolmentFilter extends OncePerRequestFilter {

    /**
     * What such a person may still reach: setting up an app or a passkey, confirming who they are for that (setting
     * one up needs a recent sign-in: by password, or again at their organization's identity provider), signing out,
     * and what pages are made of.
     */
    static final List<String> OPEN = List.of("/account", "/account/second-factor", "/account/second-factor/confirm",
            "/account/passkeys", "/account/passkeys/options", "/account/confirm",
            "/logout", "/session/keep-alive", "/error", "/favicon.ico", "/favicon.svg");
    static final List<String> OPEN_PREFIXES = List.of("/css/", "/js/", "/webjars/", "/oauth2/authorization/",
            "/login/oauth2/code/");

    private final SecondFactorPolicy policy;

    SecondFactorEnrolmentFilter(SecondFactorPolicy policy) {
        this.policy = policy;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (authentication != null && authentication.getPrincipal() instanceof AccountDetails account
                && policy.mustEnrol(account) && !OPEN.contains(path)
                && OPEN_PREFIXES.stream().noneMatch(path::startsWith)) {
            if ("GET".equals(request.getMethod()) && request.getHeader("HX-Request") == null) {
                response.sendRedirect(request.getContextPath() + "/account");
            } else {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
            }
            return;
        }
        chain.doFilter(request, response);
    }
}
