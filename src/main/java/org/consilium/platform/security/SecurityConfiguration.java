package org.consilium.platform.security;

import org.consilium.identity.AccountDetails;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.OperatorAccess;
import org.consilium.platform.web.ProblemWriter;
import org.consilium.platform.web.SecurityHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Two doors. The API ({@code /api/**}, actuator, OpenAPI) is stateless with bearer tokens and answers problem
 * details; the browser UI uses a session, form login and CSRF protection. Everything not named is denied. A request
 * the strict firewall refuses (an encoded slash or semicolon, {@code //}, {@code ..}, a path parameter) goes to
 * Spring Security's default handler: a 400 that the error page answers like any other, logged at debug only.
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
                        .requestMatchers("/api/v1/auth/token", "/api/v1/auth/register").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
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
    SecurityFilterChain browser(HttpSecurity http, IdentityManagement identity, SecurityAudit audit)
            throws Exception {
        AccessDeniedHandlerImpl refusedPage = new AccessDeniedHandlerImpl();
        http.addFilterBefore(new SignInAttemptFilter(identity), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/", "/login", "/register", "/privacy", "/terms", "/verify", "/verify/*", "/css/**", "/js/**", "/webjars/**",
                                "/favicon.ico", "/favicon.svg", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage("/login")
                        .usernameParameter("email")
                        .successHandler((request, response, authentication) -> {
                            if (authentication.getPrincipal() instanceof AccountDetails account) {
                                identity.signedIn(account);
                            }
                            response.sendRedirect(request.getContextPath() + "/cases");
                        })
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
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) -> {
                    audit.denied(request, e instanceof CsrfException ? "the form had no valid CSRF token"
                            : "refused by the browser's security checks");
                    refusedPage.handle(request, response, e);
                }))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(SecurityHeaders.CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }
}
