package org.consilium.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.consilium.identity.AccountDetails;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.OperatorAccess;
import org.consilium.platform.web.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates API requests by their opaque bearer token; a presented but dead token is a 401 at once. */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    /** Where the local operator's token is accepted, besides every admin's own token. */
    static final String ADMIN_API = "/api/v1/admin/";

    private final IdentityManagement identity;
    private final OperatorAccess operator;
    private final ProblemWriter problems;

    BearerTokenFilter(IdentityManagement identity, OperatorAccess operator, ProblemWriter problems) {
        this.identity = identity;
        this.operator = operator;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            chain.doFilter(request, response);
            return;
        }
        String token = header.substring(PREFIX.length()).strip();
        Optional<AccountDetails> account = request.getRequestURI().startsWith(ADMIN_API)
                ? operator.authenticate(token).or(() -> identity.authenticate(token))
                : identity.authenticate(token);
        if (account.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.write(response, 401, "unauthenticated", "Not signed in",
                    "The access token is unknown, expired or revoked. Request a new one.");
            return;
        }
        if (account.get().readOnly() && !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
            problems.write(response, 403, "read-only-token", "Read-only token",
                    "This personal access token may only read. Use a token with the WRITE scope to change anything.");
            return;
        }
        var authentication = UsernamePasswordAuthenticationToken.authenticated(account.get(), null,
                account.get().getAuthorities());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
