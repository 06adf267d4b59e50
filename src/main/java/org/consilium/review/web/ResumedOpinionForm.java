package org.consilium.review.web;

import org.consilium.shared.ResumableForm;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The opinion form, with what the specialist typed, is where they return after their session ended mid-draft. */
@Configuration(proxyBeanMethods = false)
class ResumedOpinionForm {

    @Bean
    ResumableForm opinionForm() {
        return new ResumableForm("/cases/{id}/opinion", "/cases/{id}/opinion/edit", true);
    }
}
