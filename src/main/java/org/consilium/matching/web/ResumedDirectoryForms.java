package org.consilium.matching.web;

import org.consilium.shared.ResumableForm;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The directory page's forms return there: after a session ended, and after the administrator confirmed who they are
 * for the change they asked for.
 */
@Configuration(proxyBeanMethods = false)
class ResumedDirectoryForms {

    @Bean
    ResumableForm centerForms() {
        return new ResumableForm("/admin/centers/**", "/admin/directory", false);
    }

    /** A center's own page: inviting its specialists, appointing its administrators. */
    @Bean
    ResumableForm centerTeamForms() {
        return new ResumableForm("/centers/{id}/**", "/centers/{id}", false);
    }

    @Bean
    ResumableForm specialistInvitationForm() {
        return new ResumableForm("/admin/specialist-invitations", "/admin/directory", false);
    }
}
