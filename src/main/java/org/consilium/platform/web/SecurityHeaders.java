package org.consilium.platform.web;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The security headers of the app's answers. The filter chains set them on everything they serve; answers written
 * before the chains run (Tomcat's own refusals) set them here.
 */
public final class SecurityHeaders {

    /** Pages load only the app's own scripts, styles and images, and may not be framed. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /**
     * The content routes the app's own viewer frames (a record shown inline, {@code /cases/…/records/…/inline}): only
     * the app's pages may frame them (DOMAIN.md, Framing).
     */
    public static final org.springframework.security.web.util.matcher.RequestMatcher FRAMED_CONTENT = request ->
            request.getRequestURI().matches("/cases/[^/]+/records/[^/]+/inline");

    /** Framed content loads nothing of its own, runs no script of the app's, and only the app may frame it. */
    public static final String FRAMED_CONTENT_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
            + "object-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    private SecurityHeaders() {
    }

    static void addTo(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-store");
    }
}
