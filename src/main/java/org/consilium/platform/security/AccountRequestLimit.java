package org.consilium.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import org.consilium.platform.RateLimiter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits, per client address and over all app instances, the requests anyone may send without signing in that mail a
 * link or spend one: registration, asking for a reset link, confirming an address, choosing a password by a link; and,
 * in a count of their own, the passkey challenges anyone may ask for.
 * Each mails at most a few a minute per account already; this keeps one address from mailing many accounts, and from
 * filling the audit trail with made-up links. Past the limit the answer is {@code 429} with {@code Retry-After}, as a
 * problem detail on the API and a page in the browser.
 */
final class AccountRequestLimit extends OncePerRequestFilter {

    static final Duration WINDOW = Duration.ofMinutes(10);

    /** The POSTs counted, by path. */
    static final Set<String> PATHS = Set.of("/register", "/account/reset", "/account/verify", "/account/reset/confirm",
            "/api/v1/auth/register", "/api/v1/auth/password-reset", "/api/v1/auth/password-reset/confirm",
            "/api/v1/auth/verify-email");

    /**
     * The challenges for a passkey sign-in anyone may ask for, each a row until it expires: counted apart, with a
     * larger limit, so that a hospital behind one address is not locked out of passkeys by its own staff.
     */
    static final Set<String> PASSKEY_PATHS = Set.of("/login/passkey/options", "/api/v1/auth/passkey/sign-in-options");

    private final RateLimiter limiter;
    private final String bucket;
    private final Set<String> paths;
    private final int limit;

    AccountRequestLimit(RateLimiter limiter, int limit) {
        this(limiter, "account-requests", PATHS, limit);
    }

    AccountRequestLimit(RateLimiter limiter, String bucket, Set<String> paths, int limit) {
        this.limiter = limiter;
        this.bucket = bucket;
        this.paths = paths;
        this.limit = limit;
    }

    /**
     * Matched on the decoded path within the app, as the handlers are: {@code /account/%76erify} is
     * {@code /account/verify} to them, and must be to the count too.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !("POST".equals(request.getMethod()) && paths.contains(path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!limiter.tryAcquire(bucket, request.getRemoteAddr(), limit, WINDOW)) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(WINDOW.toSeconds()));
            response.sendError(429);
            return;
        }
        chain.doFilter(request, response);
    }
}
