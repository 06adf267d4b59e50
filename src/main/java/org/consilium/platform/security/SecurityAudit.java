package org.consilium.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.consilium.identity.AccessDenied;
import org.consilium.identity.AccountDetails;
import org.consilium.identity.AdministrativeRead;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What the security layer itself refuses or serves to administrators, put on the audit trail like the modules'
 * refusals and reads: an endpoint a role may not use, a form without its CSRF token, an administrator's read of an
 * operational endpoint.
 */
@Component
class SecurityAudit {

    /** The administrators' pages in the browser. */
    static final String ADMIN_PAGES = "/admin/";
    /** A center's team, with its staff's addresses: read by administrators and the center's own. */
    static final String CENTER_PAGES = "/centers";
    static final java.util.regex.Pattern CENTER_TEAM_API = java.util.regex.Pattern.compile(
            "^/api/v1/centers/[^/]+/(team|specialist-invitations)$");

    private final ApplicationEventPublisher events;
    private final Clock clock;

    SecurityAudit(ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** Records a request the security layer refused (a 403), with the rule that fired. */
    void denied(HttpServletRequest request, String rule) {
        AccountDetails account = account();
        events.publishEvent(new AccessDenied(account == null ? null : account.actor().id(),
                account == null ? null : account.actor().role(), null,
                request.getMethod() + " " + withoutSecrets(request.getRequestURI()), rule, clock.instant()));
    }

    /** The paths whose last part is the secret of a mailed link. */
    private static final java.util.regex.Pattern LINK_SECRET =
            java.util.regex.Pattern.compile("^(/account/(?:verify|reset)/)(?!confirm$)[^/]+$");

    /** A request path as it may be recorded: the secret of a mailed link in it is replaced, so no record holds one. */
    static String withoutSecrets(String path) {
        return LINK_SECRET.matcher(path).replaceFirst("$1(secret)");
    }

    /**
     * A filter that records every request to the operational endpoints it guards (administrators'), and to a center's
     * team (its staff's addresses).
     */
    OncePerRequestFilter administrativeReads() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                String path = request.getRequestURI();
                return !(path.startsWith("/actuator/") && !path.startsWith("/actuator/health")
                        || path.startsWith(BearerTokenFilter.ADMIN_API) || path.startsWith(ADMIN_PAGES)
                        || path.startsWith(CENTER_PAGES) || CENTER_TEAM_API.matcher(path).matches());
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                AccountDetails account = account();
                if (account != null) {
                    events.publishEvent(new AdministrativeRead(account.actor().id(), account.actor().role(),
                            request.getMethod() + " " + request.getRequestURI(), clock.instant()));
                }
                chain.doFilter(request, response);
            }
        };
    }

    private static AccountDetails account() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof AccountDetails account
                ? account : null;
    }
}
