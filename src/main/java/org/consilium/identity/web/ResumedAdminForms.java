package org.consilium.identity.web;

import org.consilium.shared.ResumableForm;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The accounts page's forms return there: after a session ended, and after the administrator confirmed who they are
 * for the change they asked for.
 */
@Configuration(proxyBeanMethods = false)
class ResumedAdminForms {

    @Bean
    ResumableForm invitationForm() {
        return new ResumableForm("/admin/invitations/**", "/admin/accounts", false);
    }

    @Bean
    ResumableForm accountForms() {
        return new ResumableForm("/admin/accounts/**", "/admin/accounts", false);
    }
}
