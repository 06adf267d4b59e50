package org.consilium.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.consilium.identity.AccountDetails;
import org.consilium.identity.AuthenticationContext;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * Signs a browser in as an account outside the sign-in form (a confirmation link, a second factor): under a new
 * session id and a new CSRF token, as form login does, since the ones from before may have been seen.
 */
final class BrowserSignIn {

    private static final SecurityContextRepository SESSIONS = new HttpSessionSecurityContextRepository();
    private static final CsrfTokenRepository CSRF_TOKENS = new HttpSessionCsrfTokenRepository();

    private BrowserSignIn() {
    }

    /**
     * @param authentication how they proved who they are, now; null to keep the session's (the same person, going
     *     on: a changed password)
     */
    static void signIn(AccountDetails account, @Nullable AuthenticationContext authentication,
            HttpServletRequest request, HttpServletResponse response) {
        if (request.getSession(false) == null) {
            request.getSession(true);
        } else {
            request.changeSessionId();
        }
        if (authentication != null) {
            request.getSession().setAttribute(AuthenticationContext.SESSION_ATTRIBUTE, authentication);
            request.getSession().removeAttribute(org.consilium.identity.PendingStepUp.ATTRIBUTE);
        }
        CSRF_TOKENS.saveToken(null, request, response);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(account, null,
                account.getAuthorities()));
        SecurityContextHolder.setContext(context);
        SESSIONS.saveContext(context, request, response);
    }
}
