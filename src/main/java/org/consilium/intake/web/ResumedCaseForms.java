package org.consilium.intake.web;

import org.consilium.shared.ResumableForm;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The case forms a person goes back to after signing in again, when their session ended before they sent one: the
 * new case and draft forms with what was typed in them; any other form on a case page, back to the case page.
 */
@Configuration(proxyBeanMethods = false)
class ResumedCaseForms {

    @Bean
    ResumableForm newCaseForm() {
        return new ResumableForm("/cases", "/cases/new", true);
    }

    @Bean
    ResumableForm draftForm() {
        return new ResumableForm("/cases/{id}/edit", "/cases/{id}/edit", true);
    }

    /**
     * Emergency access returns to its page with what was typed, after a session ended or once its opener confirmed who
     * they are.
     */
    @Bean
    ResumableForm emergencyAccessForm() {
        return new ResumableForm("/break-glass", "/break-glass", true, true);
    }

    /** So does an invitation to follow a case. */
    @Bean
    ResumableForm delegateInvitationForm() {
        return new ResumableForm("/cases/{id}/people", "/cases/{id}/people", true, true);
    }

    @Bean
    ResumableForm caseActions() {
        return new ResumableForm("/cases/{id}/**", "/cases/{id}", false);
    }
}
