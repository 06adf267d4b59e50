package org.consilium.platform.security;

import java.util.List;

import org.consilium.identity.AccountDetails;
import org.consilium.identity.AuthMethod;
import org.consilium.identity.AuthenticationContext;
import org.consilium.identity.PendingStepUp;
import org.consilium.identity.IdentityManagement;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.consilium.identity.OperatorAccess;
import org.consilium.identity.PendingSecondFactor;
import org.consilium.identity.SecondFactorPolicy;
import org.consilium.identity.SingleSignOn;
import org.consilium.identity.SingleSignOnSettings;
import org.consilium.identity.StepUp;
import org.consilium.shared.PublicLinks;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.consilium.platform.PendingForms;
import org.consilium.platform.web.ProblemWriter;
import org.consilium.platform.web.SecurityHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.header.Header;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

/**
 * Two doors. The API ({@code /api/**}, actuator, OpenAPI) is stateless with bearer tokens and answers problem
 * details; the browser UI uses a session, form login (and, where configured, single sign-on by OpenID Connect:
 * {@link SingleSignOnLogin}) and CSRF protection. Everything not named is denied. A request
 * the strict firewall refuses (an encoded slash or semicolon, {@code //}, {@code ..}, a path parameter) goes to
 * Spring Security's default handler: a 400 that the error page answers like any other, logged at debug only.
 *
 * <p>A browser session (kept in PostgreSQL, shared by every instance) ends after 30 minutes without activity, 15 for
 * staff. A page asked for after that returns to the page once
 * signed in again; a form sent after that is never carried out, but what was typed into it is kept for the form to
 * show again once its author signs in ({@link PendingForms}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, IdentityManagement identity, OperatorAccess operator,
            ProblemWriter problems, SecurityAudit audit) throws Exception {
        http.securityMatcher("/api/**", "/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new BearerTokenFilter(identity, operator, problems),
                        UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(audit.administrativeReads(), AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/v1/auth/token", "/api/v1/auth/refresh", "/api/v1/auth/register",
                                "/api/v1/auth/verify-email", "/api/v1/auth/passkey/sign-in-options",
                                "/api/v1/auth/password-reset", "/api/v1/auth/password-reset/confirm").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // tus discovery, which clients send before they authenticate anything
                        .requestMatchers(org.springframework.http.HttpMethod.OPTIONS, "/api/v1/uploads").permitAll()
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/actuator/**", "/api/v1/admin/**").hasRole("ADMIN")
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().denyAll())
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            problems.write(response, 401, "unauthenticated", "Not signed in",
                                    "Send a bearer token from POST /api/v1/auth/token.");
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            audit.denied(request, "the caller's role may not use this endpoint");
                            problems.write(response, 403, "forbidden", "Forbidden",
                                    "Your role may not use this endpoint.");
                        }))
                .headers(headers -> headers
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain browser(HttpSecurity http, IdentityManagement identity, SecurityAudit audit,
            PendingForms pendingForms, SecondFactorPolicy secondFactorPolicy, org.consilium.identity.Passkeys passkeys,
            java.time.Clock clock,
            @org.springframework.beans.factory.annotation.Value("${consilium.security.staff-idle-timeout:15m}")
            java.time.Duration staffIdle, SingleSignOnSettings ssoSettings, SingleSignOn sso, StepUp stepUp,
            PublicLinks publicLinks) throws Exception {
        AccessDeniedHandlerImpl refusedPage = new AccessDeniedHandlerImpl();
        HttpSessionRequestCache pagesAsked = new HttpSessionRequestCache();
        // Only a page someone asked for is returned to after sign-in; never an htmx fragment, a keep-alive or a file.
        pagesAsked.setRequestMatcher(request -> "GET".equals(request.getMethod())
                && request.getHeader(HTMX) == null
                && String.valueOf(request.getHeader(HttpHeaders.ACCEPT)).contains("text/html"));
        pagesAsked.setMatchingRequestParameterName(null);
        SingleSignOnLogin.ReturnPage returnPage = (request, response, account) -> {
            SavedRequest asked = pagesAsked.getRequest(request, response);
            pagesAsked.removeRequest(request, response);
            return pendingForms.returnPage(request, account.actor().id())
                    .or(() -> Optional.ofNullable(asked).map(SavedRequest::getRedirectUrl)
                            .map(url -> pathOf(url, request.getContextPath())))
                    .orElse("/cases");
        };
        if (ssoSettings.enabled()) {
            new SingleSignOnLogin(ssoSettings, sso, stepUp, publicLinks, clock).configure(http, returnPage);
        }
        AuthenticationSuccessHandler landing = (request, response, authentication) -> {
            String target = "/cases";
            if (authentication.getPrincipal() instanceof AccountDetails account) {
                // A passkey that verified its user is two factors on its own; a password is one.
                boolean byPasskey = authentication.getDetails() == AuthMethod.PASSKEY;
                target = returnPage.of(request, response, account);
                // Whoever signed in before in this browser proved nothing about this person, and
                // the action they were asked to confirm is not this person's.
                request.getSession().removeAttribute(AuthenticationContext.SESSION_ATTRIBUTE);
                request.getSession().removeAttribute(PendingStepUp.ATTRIBUTE);
                if (account.secondFactor() && !byPasskey) {
                    // Not signed in until the code is: the session holds only the pending step.
                    // The attempt stays counted by the throttle until the code is good, so wrong
                    // codes add up however often the password is given again.
                    SecurityContextHolder.clearContext();
                    request.getSession().removeAttribute(
                            HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
                    request.getSession().setAttribute(PendingSecondFactor.ATTRIBUTE,
                            new PendingSecondFactor(account.actor().id(), target, clock.instant()));
                    response.sendRedirect(request.getContextPath() + "/login/code");
                    return;
                }
                request.getSession().setAttribute(AuthenticationContext.SESSION_ATTRIBUTE,
                        AuthenticationContext.of(clock.instant(), byPasskey ? AuthMethod.PASSKEY : AuthMethod.PASSWORD));
                identity.signedIn(account, request.getRemoteAddr(), byPasskey ? "browser+passkey" : "browser");
            }
            response.sendRedirect(request.getContextPath() + target);
        };
        PasskeySignInFilter passkeySignIn = new PasskeySignInFilter(passkeys, identity, landing);
        http.addFilterBefore(new SignInAttemptFilter(identity), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(passkeySignIn, UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new CurrentAccountFilter(identity, staffIdle), SecurityContextHolderFilter.class)
                .addFilterAfter(new SecondFactorEnrolmentFilter(secondFactorPolicy), CurrentAccountFilter.class)
                .addFilterAfter(audit.administrativeReads(), AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/", "/login", "/register", "/register/sent", "/account/verify", "/account/verify/*",
                                "/account/reset", "/account/reset/*", "/account/reset/confirm", "/login/code",
                                "/login/code/passkey", "/login/code/passkey/options", "/login/passkey",
                                "/login/passkey/options", "/privacy", "/terms", "/verify", "/verify/*", "/css/**", "/js/**", "/webjars/**",
                                "/favicon.ico", "/favicon.svg", "/error").permitAll()
                        .requestMatchers(SecurityAudit.ADMIN_PAGES + "**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .requestCache(cache -> cache.requestCache(pagesAsked))
                .formLogin(form -> form
                        .loginPage("/login")
                        .usernameParameter("email")
                        .successHandler(landing)
                        .failureHandler((request, response, e) -> {
                            String email = request.getParameter("email");
                            if (email != null && !email.isBlank()) {
                                identity.browserSignInFailed(email);
                            }
                            response.sendRedirect(request.getContextPath() + "/login?error");
                        })
                        .permitAll())
                .logout(logout -> logout
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null
                                    && authentication.getPrincipal() instanceof AccountDetails account) {
                                identity.signedOut(account);
                            }
                        })
                        .logoutSuccessUrl("/login?signedOut").permitAll())
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> {
                            if (request.getHeader(HTMX) != null) {
                                // An htmx request cannot follow a redirect to a page; the page shows the end itself.
                                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                            } else {
                                response.sendRedirect(request.getContextPath()
                                        + (request.getAttribute(CurrentAccountFilter.ENDED) != null ? "/login?ended"
                                                : sessionEnded(request) ? "/login?expired" : "/login"));
                            }
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            if (e instanceof CsrfException && (sessionEnded(request)
                                    || request.getAttribute(CurrentAccountFilter.ENDED) != null)) {
                                // Sent from a page whose session has ended, not a forgery: a cross-site post carries
                                // no session cookie (SameSite=Lax). Keep what was typed, never carry the post out.
                                audit.denied(request, "the session had ended before the form was sent");
                                pendingForms.keep(request);
                                if (request.getHeader(HTMX) != null) {
                                    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                                } else {
                                    response.sendRedirect(request.getContextPath()
                                            + (request.getAttribute(CurrentAccountFilter.ENDED) != null
                                                    ? "/login?ended" : "/login?expired"));
                                }
                                return;
                            }
                            audit.denied(request, e instanceof CsrfException ? "the form had no valid CSRF token"
                                    : "refused by the browser's security checks");
                            refusedPage.handle(request, response, e);
                        }))
                .headers(headers -> headers
                        // A record shown inline in the app's own viewer may be framed by the app's pages; nothing
                        // else may be framed at all.
                        .frameOptions(frame -> frame.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(SecurityHeaders.FRAMED_CONTENT,
                                new StaticHeadersWriter(List.of(
                                        new Header("Content-Security-Policy", SecurityHeaders.FRAMED_CONTENT_POLICY),
                                        new Header("X-Frame-Options", "SAMEORIGIN")))))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(SecurityHeaders.FRAMED_CONTENT),
                                new StaticHeadersWriter(List.of(
                                        new Header("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY),
                                        new Header("X-Frame-Options", "DENY")))))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /**
     * Before Spring Security, after the forwarded-address filter, so it counts the real client address and refuses
     * before any password is hashed or any account read.
     */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<AccountRequestLimit> accountRequestLimit(
            org.consilium.platform.RateLimiter limiter, org.consilium.platform.ConsiliumProperties properties) {
        return beforeSecurity(new AccountRequestLimit(limiter, properties.limits().accountRequests()), 10);
    }

    /** As {@link #accountRequestLimit}, for the passkey sign-in challenges anyone may ask for. */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<AccountRequestLimit> passkeyChallengeLimit(
            org.consilium.platform.RateLimiter limiter,
            @org.springframework.beans.factory.annotation.Value("${consilium.limits.passkey-challenges:300}")
            int limit) {
        return beforeSecurity(new AccountRequestLimit(limiter, "passkey-challenges", AccountRequestLimit.PASSKEY_PATHS,
                limit), 11);
    }

    /** A request limit on requests as they come in, after the forwarded-address filter, before Spring Security. */
    private static org.springframework.boot.web.servlet.FilterRegistrationBean<AccountRequestLimit> beforeSecurity(
            AccountRequestLimit limit, int order) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(limit);
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + order);
        registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST);
        return registration;
    }

    /** The header htmx sends with its requests. */
    private static final String HTMX = "HX-Request";

    /** The browser sent a session cookie the server no longer knows: the session timed out, or the server restarted. */
    private static boolean sessionEnded(HttpServletRequest request) {
        return request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
    }

    /** The path and query of a saved request's address within the app, so the redirect stays on this site. */
    private static String pathOf(String url, String contextPath) {
        java.net.URI uri = java.net.URI.create(url);
        String path = uri.getRawPath().substring(contextPath.length());
        return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
