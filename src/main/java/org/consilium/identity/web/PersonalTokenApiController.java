package org.consilium.identity.web;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import org.consilium.identity.AccessScope;
import org.consilium.identity.PersonalTokens;
import org.consilium.identity.internal.PersonalTokenStore;
import org.consilium.shared.ApiErrors;
import org.consilium.shared.Ids;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A person's own personal access tokens, for integrations. */
@RestController
@RequestMapping("/api/v1/auth/personal-tokens")
class PersonalTokenApiController {

    private final PersonalTokens tokens;

    PersonalTokenApiController(PersonalTokens tokens) {
        this.tokens = tokens;
    }

    record CreateRequest(@Nullable String name, @Nullable String scope, @Nullable Integer expiresInDays) {
    }

    record CreatedResponse(String id, String name, String scope, Instant expiresAt, String token) {
    }

    record TokenResponse(String id, String name, String scope, Instant createdAt, Instant expiresAt,
            @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {
    }

    @Operation(summary = "Make a personal access token", description = "For integrations: a named token, READ (it may only read) or WRITE, working 1 to 365 days, sent like an access token (Authorization: Bearer cpat_…). The token is in this answer only; the server keeps its hash. A new password, or a suspension of the account, revokes it. Asked with a personal access token, 403: a token cannot make tokens.")
    @ApiErrors({400, 403})
    @PostMapping
    ResponseEntity<CreatedResponse> create(AccessScope scope, @RequestBody CreateRequest request,
            @org.springframework.web.bind.annotation.RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        notWithPersonalToken(authorization, "make another token");
        PersonalTokens.Created created = tokens.create(scope, request.name(), request.scope(),
                request.expiresInDays());
        return ResponseEntity.status(201).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new CreatedResponse(created.id().toString(), created.name(), created.readOnly() ? "READ"
                        : "WRITE", created.expiresAt(), created.token()));
    }

    /**
     * A personal access token is for an integration's reading and writing of cases, never for the account itself: it
     * cannot change the password nor make more tokens.
     */
    static void notWithPersonalToken(String authorization, String what) {
        if (AuthApiController.bearer(authorization).startsWith(PersonalTokenStore.PREFIX)) {
            throw new org.consilium.shared.ForbiddenActionException("a personal access token cannot " + what
                    + "; sign in to do it");
        }
    }

    @Operation(summary = "List your personal access tokens", description = "Every personal access token you made, newest first, with when it was last used (to the minute) and whether it was revoked; never the tokens themselves.")
    @ApiErrors({})
    @GetMapping
    List<TokenResponse> list(AccessScope scope) {
        return tokens.list(scope).stream().map(t -> new TokenResponse(t.id().toString(), t.name(),
                t.readOnly() ? "READ" : "WRITE", t.createdAt(), t.expiresAt(), t.lastUsedAt(), t.revokedAt()))
                .toList();
    }

    @Operation(summary = "Revoke a personal access token", description = "Revokes one of your own tokens at once; it answers 401 from then on. Another person's token, an unknown or a revoked one answers 404.")
    @ApiErrors({404})
    @PostMapping("/{id}/revocation")
    ResponseEntity<Void> revoke(AccessScope scope, @PathVariable String id) {
        tokens.revoke(scope, Ids.parse(id, "token"));
        return ResponseEntity.noContent().build();
    }
}
