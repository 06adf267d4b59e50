package org.consilium.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.consilium.identity.AccountDetails;
import org.consilium.identity.AuthMethod;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.Passkeys;
import org.consilium.shared.UserId;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Signs a browser in by a passkey alone ({@code POST /login/passkey}, the device's answer in {@code credential}): the
 * same landing as the password form, without its second step, since a passkey that verified its user is two factors.
 * Like form login it gives the session a new id and a new CSRF token; a refusal (audited by the check) returns to the
 * sign-in page, saying only that the passkey did not work.
 */
final class PasskeySignInFilter extends AbstractAuthenticationProcessingFilter {

    private final Passkeys passkeys;
    private final IdentityManagement identity;

    PasskeySignInFilter(Passkeys passkeys, IdentityManagement identity, AuthenticationSuccessHandler landing) {
        super(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login/passkey"));
        this.passkeys = passkeys;
        this.identity = identity;
        setAuthenticationSuccessHandler(landing);
        setAuthenticationFailureHandler((request, response, e) ->
                response.sendRedirect(request.getContextPath() + "/login?passkey=refused"));
        setSecurityContextRepository(new HttpSessionSecurityContextRepository());
        setSessionAuthenticationStrategy(new CompositeSessionAuthenticationStrategy(List.of(
                new ChangeSessionIdAuthenticationStrategy(),
                new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository()))));
        // Never called: the check is the passkey's, not an authentication manager's.
        setAuthenticationManager(authentication -> {
            throw new IllegalStateException("passkeys are checked by the filter itself");
        });
    }

    @Override
    public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
            throws AuthenticationException {
        UserId id;
        try {
            id = passkeys.verify(Passkeys.Purpose.SIGN_IN, null, request.getParameter("credential"), "browser",
                    request.getRemoteAddr());
        } catch (Passkeys.RefusedException refused) {
            throw new BadCredentialsException("passkey refused: " + refused.reason());
        }
        AccountDetails account = identity.usableAccount(id)
                .orElseThrow(() -> new BadCredentialsException("the account cannot sign in"));
        UsernamePasswordAuthenticationToken signedIn = UsernamePasswordAuthenticationToken.authenticated(account,
                null, account.getAuthorities());
        signedIn.setDetails(AuthMethod.PASSKEY);
        return signedIn;
    }
}
