package org.consilium.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The heading of the OpenAPI description served at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI consiliumOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Consilium API")
                        .version("v1")
                        .description("Remote expert second opinions: cases, records, matching and signed opinions. "
                                + "Errors are RFC 9457 problem details; see docs/api.md."))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An opaque token from POST /api/v1/auth/token, valid 15 minutes.")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
