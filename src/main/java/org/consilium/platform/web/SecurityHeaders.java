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
