package org.consilium.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import org.consilium.shared.ApiErrors;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The heading of the OpenAPI description served at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** The words of each error status in the description; the problem's own `detail` says more. */
    private static final Map<Integer, String> ERRORS = Map.ofEntries(
            Map.entry(400, "Invalid input: every problem is listed in `errors` with its field."),
            Map.entry(401, "Not signed in: no bearer token, or an unknown, expired or revoked one."),
            Map.entry(403, "The caller's role or relation to the case may not take this action."),
            Map.entry(404, "No such case (or record, or opinion), or the caller may not see it."),
            Map.entry(409, "Not possible in the current state; `detail` says why."),
            Map.entry(412, "The version in If-Match is no longer current: reload and apply the edits again."),
            Map.entry(413, "Too large: JSON bodies up to 1 MB, files up to 50 MB."),
            Map.entry(415, "The body's content type is not one this operation takes."),
            Map.entry(428, "If-Match is required: send the ETag of the version being edited."),
            Map.entry(429, "Too many requests: wait as long as `Retry-After` says."));

    private static final String STEP_UP = ERRORS.get(401) + " Or, for this guarded action, an authentication older "
            + "than 5 minutes (step-up-required, WWW-Authenticate: Bearer error=\"insufficient_user_authentication\", "
            + "max_age=300): step up with POST /api/v1/auth/step-up and send the request again.";

    @Bean
    OpenAPI consiliumOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Consilium API")
                        .version("v1")
                        .description("Remote expert second opinions: cases, records, matching and signed opinions. "
                                + "Errors are RFC 9457 problem details; see docs/api.md.")
                        .license(new License().name("Apache License 2.0")
                                .url("https://www.apache.org/licenses/LICENSE-2.0")))
                .servers(List.of(new Server().url("/").description("This Consilium server")))
                .components(new Components().addSchemas("Problem", problemSchema())
                        .addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An opaque token from POST /api/v1/auth/token, valid 15 minutes.")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** Adds each operation's {@link ApiErrors} to its responses, as problem details; 401 to every signed-in one. */
    @Bean
    OperationCustomizer apiErrors() {
        return (operation, handler) -> {
            ApiErrors errors = handler.getMethodAnnotation(ApiErrors.class);
            if (errors == null) {
                return operation;
            }
            java.util.SortedSet<Integer> statuses = new java.util.TreeSet<>();
            java.util.Arrays.stream(errors.value()).forEach(statuses::add);
            if (!errors.anonymous()) {
                statuses.add(401);
                operation.addSecurityItem(new SecurityRequirement().addList("bearer"));
            } else {
                operation.setSecurity(List.of());
            }
            for (int status : statuses) {
                operation.getResponses().addApiResponse(Integer.toString(status), new ApiResponse()
                        .description(status == 401 && errors.stepUp() ? STEP_UP
                                : ERRORS.getOrDefault(status, "An error, as a problem detail."))
                        .content(new Content().addMediaType("application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
            }
            return operation;
        };
    }

    /** RFC 9457 problem details, with this API's `errors` for invalid input. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An RFC 9457 problem detail. `type` is a stable `urn:consilium:problem:…` that clients "
                        + "may switch on; `detail` is a reason fit to show a person.")
                .addProperty("type", new StringSchema().format("uri").example("urn:consilium:problem:not-found"))
                .addProperty("title", new StringSchema().example("Not found"))
                .addProperty("status", new IntegerSchema().example(404))
                .addProperty("detail", new StringSchema().example("case not found"))
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("errors", new ArraySchema().description("For invalid input: every problem, by field.")
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema().example("questions[0].text"))
                                .addProperty("message", new StringSchema())))
                .addRequiredItem("type").addRequiredItem("title").addRequiredItem("status");
    }
}
