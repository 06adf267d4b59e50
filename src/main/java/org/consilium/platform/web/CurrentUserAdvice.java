package org.consilium.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.consilium.identity.AccountDetails;
import org.consilium.identity.Actor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Every page knows who is signed in ({@code me}), for the navigation and role-specific actions, and how long their
 * session lasts without activity ({@code sessionSeconds}).
 */
@ControllerAdvice(annotations = Controller.class)
class CurrentUserAdvice {

    @ModelAttribute("me")
    @Nullable Actor me() {
        return signedIn();
    }

    /**
     * Who is signed in, for pages rendered where model attribute methods do not run: an exception handler's page gets
     * a fresh model, and without this a "not found" page would look signed out.
     */
    static @Nullable Actor signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AccountDetails account) {
            return account.actor();
        }
        return null;
    }

    /** How long the session lasts without activity, in seconds, for the page's warning before it ends. */
    @ModelAttribute("sessionSeconds")
    @Nullable Integer sessionSeconds(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null || me() == null ? null : session.getMaxInactiveInterval();
    }
}
