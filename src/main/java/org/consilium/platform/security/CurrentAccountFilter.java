package org.consilium.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.consilium.identity.AccountDetails;
import org.consilium.identity.AuthenticationContext;
import org.consilium.identity.IdentityManagement;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A browser session holds the account it signed in as; every request is served as the account is now. Its role and
 * whether its address is confirmed are read afresh, and when the account's password changed since the session signed
 * in, the session ends on the spot, on whichever app instance serves it: the request goes on signed out, and a page
 * that needs a sign-in says why the session ended. When and how its holder last proved who they are is kept beside
 * the principal in the session ({@link AuthenticationContext#SESSION_ATTRIBUTE}), set by every sign-in and step-up.
 */
final class CurrentAccountFilter extends OncePerRequestFilter {

    /** Set on a request whose session was ended here, for the sign-in page's message. */
    static final String ENDED = CurrentAccountFilter.class.getName() + ".ENDED";

    private final IdentityManagement identity;
    private final int staffIdleSeconds;

    /**
     * @param staffIdle how long a staff member's session lasts without activity (shorter than a patient's: staff
     *     sessions reach many patients' cases)
     */
    CurrentAccountFilter(IdentityManagement identity, java.time.Duration staffIdle) {
        this.identity = identity;
        this.staffIdleSeconds = Math.toIntExact(staffIdle.toSeconds());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AccountDetails signedIn) {
            HttpSession session = request.getSession(false);
            Optional<AccountDetails> current = identity.current(signedIn,
                    session != null && session.getAttribute(AuthenticationContext.SESSION_ATTRIBUTE)
                            instanceof AuthenticationContext proved ? proved : null);
            var context = SecurityContextHolder.createEmptyContext();
            if (current.isPresent()) {
                // For this request only: the session keeps the principal it signed in with, and its epoch.
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(current.get(), null,
                        current.get().getAuthorities()));
                if (session != null && current.get().actor().role().isStaff()
                        && session.getMaxInactiveInterval() != staffIdleSeconds) {
                    session.setMaxInactiveInterval(staffIdleSeconds);
                }
            } else {
                if (session != null) {
                    session.invalidate();
                }
                request.setAttribute(ENDED, Boolean.TRUE);
            }
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
