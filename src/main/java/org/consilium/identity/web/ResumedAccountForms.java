package org.consilium.identity.web;

import org.consilium.shared.ResumableForm;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The account pages' forms return to their page: after a session ended, and after the person confirmed who they are
 * for the change they asked for.
 */
@Configuration(proxyBeanMethods = false)
class ResumedAccountForms {

    @Bean
    ResumableForm invitationForm() {
        return new ResumableForm("/admin/invitations/**", "/admin/accounts", false);
    }

    /** The account page's own forms (an authenticator app, a password, a token) return to it. */
    @Bean
    ResumableForm ownAccountForms() {
        return new ResumableForm("/account/**", "/account", false);
    }

    @Bean
    ResumableForm accountForms() {
        return new ResumableForm("/admin/accounts/**", "/admin/accounts", false);
    }
}
