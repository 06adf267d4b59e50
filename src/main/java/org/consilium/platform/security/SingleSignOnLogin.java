package org.consilium.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.consilium.identity.AccountDetails;
import org.consilium.identity.AuthMethod;
import org.consilium.identity.AuthenticationContext;
import org.consilium.identity.PendingSecondFactor;
import org.consilium.identity.PendingStepUp;
import org.consilium.identity.SingleSignOn;
import org.consilium.identity.SingleSignOnSettings;
import org.consilium.identity.StepUp;
import org.consilium.shared.PublicLinks;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.SupplierClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * The browser's single sign-on by OpenID Connect, on when {@code consilium.sso.issuer-uri} is set: the sign-in page's
 * button goes to {@code /oauth2/authorization/sso}, the provider answers at {@code /login/oauth2/code/sso}. Which account
 * that is, and whether it may sign in, is {@link SingleSignOn}'s; here the answer becomes a browser session like a
 * password's: the same principal, the same second-factor step when the provider reported none and the account has an
 * app, and nothing of the provider's tokens kept (the session holds the account, never the ID token).
 *
 * <p>A browser already signed in that goes to the provider is stepping up: it is asked to have the person prove again
 * who they are ({@code prompt=login}, {@code max_age=0}), and only the same account, proved since, is taken back to
 * the action that asked for it.
 *
 * <p>The provider's discovery document is read on first use, not at start-up, so a provider that is down never stops
 * the service from starting; until it answers, the button says single sign-on is unavailable.
 */
final class SingleSignOnLogin {

    private static final Logger log = LoggerFactory.getLogger(SingleSignOnLogin.class);
    private static final SecurityContextRepository SESSIONS = new HttpSessionSecurityContextRepository();
    /** Set on a request whose provider could not be reached to begin a sign-in. */
    private static final String UNAVAILABLE = SingleSignOnLogin.class.getName() + ".UNAVAILABLE";

    /** Where a browser sent to the provider for a step-up waits: who asked, and since when. */
    record PendingSsoStepUp(AccountDetails signedIn, Instant began) implements Serializable {
        static final String ATTRIBUTE = PendingSsoStepUp.class.getName();
    }

    /** Where a sign-in goes on to: a page the person asked for, or their start page. */
    interface ReturnPage {
        String of(HttpServletRequest request, HttpServletResponse response, AccountDetails account);
    }

    private final SingleSignOnSettings settings;
    private final SingleSignOn sso;
    private final StepUp stepUp;
    private final Clock clock;
    private final ClientRegistrationRepository registrations;

    SingleSignOnLogin(SingleSignOnSettings settings, SingleSignOn sso, StepUp stepUp, PublicLinks links,
            Clock clock) {
        this.settings = settings;
        this.sso = sso;
        this.stepUp = stepUp;
        this.clock = clock;
        String issuer = java.util.Objects.requireNonNull(settings.issuerUri());
        this.registrations = new SupplierClientRegistrationRepository(() -> new InMemoryClientRegistrationRepository(
                ClientRegistrations.fromOidcIssuerLocation(issuer)
                        .registrationId(SingleSignOnSettings.REGISTRATION)
                        .clientId(java.util.Objects.requireNonNull(settings.clientId()))
                        .clientSecret(settings.clientSecret())
                        .scope("openid", "email", "profile")
                        .redirectUri(links.resolve("/login/oauth2/code/" + SingleSignOnSettings.REGISTRATION)
                                .toString())
                        .clientName(settings.displayName())
                        .build()));
    }

    void configure(HttpSecurity http, ReturnPage returnPage) throws Exception {
        http.oauth2Login(login -> login
                .loginPage("/login")
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(NOTHING_KEPT)
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver()))
                // The ID token's claims are all it takes; the provider's user-info endpoint is not asked.
                .userInfoEndpoint(userInfo -> userInfo.oidcUserService(request ->
                        new DefaultOidcUser(List.of(), request.getIdToken())))
                .successHandler((request, response, authentication) ->
                        succeeded(request, response, authentication, returnPage))
                .failureHandler(this::failed))
                .addFilterAfter(new UnavailableFilter(), OAuth2AuthorizationRequestRedirectFilter.class);
    }

    /** Spring's resolver, which adds the step-up's parameters for a browser that is signed in already. */
    private OAuth2AuthorizationRequestResolver resolver() {
        DefaultOAuth2AuthorizationRequestResolver spring = new DefaultOAuth2AuthorizationRequestResolver(registrations,
                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        return new OAuth2AuthorizationRequestResolver() {
            @Override
            public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
                return stepping(request, resolved(() -> spring.resolve(request), request));
            }

            @Override
            public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
                return stepping(request, resolved(() -> spring.resolve(request, registrationId), request));
            }
        };
    }

    private static @Nullable OAuth2AuthorizationRequest resolved(
            java.util.function.Supplier<@Nullable OAuth2AuthorizationRequest> resolve, HttpServletRequest request) {
        try {
            return resolve.get();
        } catch (RuntimeException e) {
            // The provider's discovery document could not be read: it is down, or the issuer is wrong.
            log.warn("Single sign-on is unavailable: the identity provider's configuration could not be read ({})",
                    e.toString());
            request.setAttribute(UNAVAILABLE, Boolean.TRUE);
            return null;
        }
    }

    private @Nullable OAuth2AuthorizationRequest stepping(HttpServletRequest request,
            @Nullable OAuth2AuthorizationRequest authorization) {
        if (authorization == null) {
            return null;
        }
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession();
        if (current != null && current.getPrincipal() instanceof AccountDetails signedIn) {
            session.setAttribute(PendingSsoStepUp.ATTRIBUTE, new PendingSsoStepUp(signedIn, clock.instant()));
            return OAuth2AuthorizationRequest.from(authorization)
                    .additionalParameters(parameters -> {
                        parameters.put("prompt", "login");
                        parameters.put("max_age", "0");
                    })
                    .build();
        }
        session.removeAttribute(PendingSsoStepUp.ATTRIBUTE);
        return authorization;
    }

    private void succeeded(HttpServletRequest request, HttpServletResponse response, Authentication authentication,
            ReturnPage returnPage) throws IOException {
        OidcIdToken idToken = ((OidcUser) authentication.getPrincipal()).getIdToken();
        HttpSession session = request.getSession();
        // The provider's authentication (and its ID token) never stays in the session: the account takes its place.
        SecurityContextHolder.clearContext();
        session.removeAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        Object pendingStepUp = session.getAttribute(PendingSsoStepUp.ATTRIBUTE);
        session.removeAttribute(PendingSsoStepUp.ATTRIBUTE);
        SingleSignOn.Claims claims = claimsOf(idToken);
        if (pendingStepUp instanceof PendingSsoStepUp asked) {
            steppedUp(request, response, asked, claims);
            return;
        }
        switch (sso.signIn(claims)) {
            case SingleSignOn.Refused refused -> {
                session.invalidate();
                response.sendRedirect(request.getContextPath() + "/login?sso=refused");
            }
            case SingleSignOn.Accepted accepted -> {
                AccountDetails account = accepted.account();
                String target = returnPage.of(request, response, account);
                // Whoever signed in before in this browser proved nothing about this person, and the action they
                // were asked to confirm is not this person's.
                session.removeAttribute(AuthenticationContext.SESSION_ATTRIBUTE);
                session.removeAttribute(PendingStepUp.ATTRIBUTE);
                if (!accepted.authentication().multiFactor() && account.secondFactor()) {
                    // The provider asked for a password only, and the account has an app: as after a password.
                    session.setAttribute(PendingSecondFactor.ATTRIBUTE, new PendingSecondFactor(account.actor().id(),
                            target, clock.instant(), AuthMethod.SINGLE_SIGN_ON));
                    response.sendRedirect(request.getContextPath() + "/login/code");
                    return;
                }
                signIn(account, request, response);
                session.setAttribute(AuthenticationContext.SESSION_ATTRIBUTE, accepted.authentication());
                sso.signedIn(account, accepted.authentication(), request.getRemoteAddr());
                response.sendRedirect(request.getContextPath() + target);
            }
        }
    }

    private void steppedUp(HttpServletRequest request, HttpServletResponse response, PendingSsoStepUp asked,
            SingleSignOn.Claims claims) throws IOException {
        HttpSession session = request.getSession();
        switch (sso.stepUp(asked.signedIn().actor().id(), asked.began(), claims)) {
            case SingleSignOn.Accepted accepted -> {
                signIn(asked.signedIn(), request, response);
                session.setAttribute(AuthenticationContext.SESSION_ATTRIBUTE, accepted.authentication());
                Object pending = session.getAttribute(PendingStepUp.ATTRIBUTE);
                session.removeAttribute(PendingStepUp.ATTRIBUTE);
                String target = "/account";
                String notice = "Thank you: you confirmed it is you.";
                if (pending instanceof PendingStepUp action) {
                    target = action.returnTo();
                    notice = "Thank you. Now go on with " + action.actionInSentence() + ": it takes a confirmation "
                            + "at most " + stepUp.maxAge().toMinutes() + " minutes old.";
                }
                FlashMap flash = new FlashMap();
                flash.put("notice", notice);
                flash.setTargetRequestPath(request.getContextPath() + target.replaceFirst("[?#].*", ""));
                new SessionFlashMapManager().saveOutputFlashMap(flash, request, response);
                response.sendRedirect(request.getContextPath() + target);
            }
            case SingleSignOn.Refused refused when refused.reason().equals("sso-not-fresh")
                    || refused.reason().equals("sso-second-factor-needed") -> {
                // The same person, whom the provider did not ask again, or asked for less than the account's own
                // second factor: signed in as before, not stepped up; the page offers the account's own factor.
                signIn(asked.signedIn(), request, response);
                response.sendRedirect(request.getContextPath() + "/account/confirm?sso="
                        + (refused.reason().equals("sso-not-fresh") ? "stale" : "second-factor"));
            }
            case SingleSignOn.Refused refused -> {
                // Someone else came back, or the provider no longer lets this person in: this browser's session
                // ends, and the action waiting for a confirmation with it.
                session.invalidate();
                response.sendRedirect(request.getContextPath() + "/login?sso="
                        + (refused.reason().equals("sso-other-account") ? "other-account" : "refused"));
            }
        }
    }

    private void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String code = e instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "error";
        // The code may come from the address the browser was sent back to: only its letters go on the trail.
        String safe = code.toLowerCase(Locale.ROOT).replaceAll("[^a-z_]", "");
        sso.failed("sso-" + (safe.isEmpty() ? "error" : safe.substring(0, Math.min(safe.length(), 40))));
        HttpSession session = request.getSession(false);
        boolean steppingUp = session != null && session.getAttribute(PendingSsoStepUp.ATTRIBUTE) != null;
        if (steppingUp) {
            session.removeAttribute(PendingSsoStepUp.ATTRIBUTE);
        }
        response.sendRedirect(request.getContextPath() + (steppingUp ? "/account/confirm?sso=failed"
                : "/login?sso=failed"));
    }

    /** The browser's session as the account's, as after a password: the principal is the account, nothing else. */
    private static void signIn(AccountDetails account, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(account, null,
                account.getAuthorities()));
        SecurityContextHolder.setContext(context);
        SESSIONS.saveContext(context, request, response);
    }

    private SingleSignOn.Claims claimsOf(OidcIdToken token) {
        return new SingleSignOn.Claims(String.valueOf(token.getIssuer()), token.getSubject(), token.getEmail(),
                Boolean.TRUE.equals(token.getEmailVerified()),
                SingleSignOnSettings.values(token.getClaim(settings.roleClaim())),
                SingleSignOnSettings.values(token.getClaim("amr")), token.getClaimAsString("acr"),
                token.getAuthenticatedAt(), token.getFullName() != null ? token.getFullName() : token.getGivenName());
    }

    /** Not one of the provider's tokens is kept: the sign-in needs the ID token once, and nothing calls the provider. */
    private static final OAuth2AuthorizedClientRepository NOTHING_KEPT = new OAuth2AuthorizedClientRepository() {
        @Override
        public <T extends org.springframework.security.oauth2.client.OAuth2AuthorizedClient> @Nullable T
                loadAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(org.springframework.security.oauth2.client.OAuth2AuthorizedClient client,
                Authentication principal, HttpServletRequest request, HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String registrationId, Authentication principal,
                HttpServletRequest request, HttpServletResponse response) {
        }
    };

    /** Sends a browser whose sign-in could not begin, the provider being unreachable, back to the sign-in page. */
    private static final class UnavailableFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getAttribute(UNAVAILABLE) != null) {
                response.sendRedirect(request.getContextPath() + "/login?sso=unavailable");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
