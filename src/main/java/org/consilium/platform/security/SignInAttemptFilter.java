package org.consilium.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.SignInThrottledException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts each browser sign-in attempt before its password is checked, and turns an attempt that has to wait away
 * with the sign-in page's "too many attempts" message and the wait, never reaching the password check.
 */
final class SignInAttemptFilter extends OncePerRequestFilter {

    private final IdentityManagement identity;

    SignInAttemptFilter(IdentityManagement identity) {
        this.identity = identity;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String email = request.getParameter("email");
        if (email != null && !email.isBlank()) {
            try {
                identity.attemptSignIn(email, request.getRemoteAddr());
            } catch (SignInThrottledException e) {
                response.sendRedirect(request.getContextPath() + "/login?locked=" + e.retryAfter().toSeconds());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
