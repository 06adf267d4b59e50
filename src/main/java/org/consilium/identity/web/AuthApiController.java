package org.consilium.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import io.swagger.v3.oas.annotations.Operation;
import org.consilium.shared.ApiErrors;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.IssuedToken;
import org.consilium.identity.Registration;
import org.consilium.shared.Check;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tokens and registration for API clients. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthApiController {

    private final IdentityManagement identity;

    AuthApiController(IdentityManagement identity) {
        this.identity = identity;
    }

    record TokenRequest(@Nullable String username, @Nullable String password) {
    }

    record TokenResponse(String access_token, String token_type, long expires_in) {
    }

    /**
     * Exchanges credentials for a bearer token. A wrong email and a wrong password are the same refusal, and an
     * attempt that has to wait another; the API's problem handler answers both.
     */
    @Operation(summary = "Get an access token", description = "Exchanges an email and password for an opaque bearer token valid 15 minutes. A wrong email and a wrong password answer the same 401. After repeated failures for an email or from an address, sign-in waits a growing time (429 with Retry-After).")
    @ApiErrors(value = {400, 401, 429}, anonymous = true)
    @PostMapping("/token")
    ResponseEntity<TokenResponse> token(@RequestBody TokenRequest request, HttpServletRequest http) {
        new Check().required("username", request.username(), 254).required("password", request.password(), 128)
                .orThrow();
        return issued(identity.issueToken(request.username(), request.password(), http.getRemoteAddr()));
    }

    private static ResponseEntity<TokenResponse> issued(IssuedToken token) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new TokenResponse(token.accessToken(), "Bearer", token.lifetime().toSeconds()));
    }

    record RegisterRequest(@Nullable String email, @Nullable String displayName, @Nullable String password,
            @Nullable Boolean acceptPrivacyNoticeAndTerms) {
    }

    /**
     * Registers a patient. The answer is the same whether or not the email already had an account, so the endpoint
     * cannot be used to find out who is a patient here.
     */
    @Operation(summary = "Register as a patient", description = "Creates a patient account, recording the versions of the privacy notice and terms accepted. The answer is the same whether or not the email already had an account.")
    @ApiErrors(value = {400}, anonymous = true)
    @PostMapping("/register")
    ResponseEntity<Map<String, String>> register(@RequestBody RegisterRequest request) {
        identity.register(Registration.patient(request.email(), request.displayName(), request.password(),
                Boolean.TRUE.equals(request.acceptPrivacyNoticeAndTerms())));
        return ResponseEntity.accepted().body(Map.of("status",
                "If this email can be registered, the account is ready: request a token with it.",
                "privacyNoticeVersion", IdentityManagement.PRIVACY_NOTICE_VERSION,
                "termsVersion", IdentityManagement.TERMS_VERSION));
    }

    /** Revokes the token this request carries. */
    @Operation(summary = "Revoke the access token", description = "Revokes the bearer token the request carries; the token answers 401 from then on.")
    @ApiErrors({})
    @PostMapping("/logout")
    ResponseEntity<Void> logout(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        identity.revoke(authorization.substring(Math.min(authorization.length(), "Bearer ".length())).strip());
        return ResponseEntity.noContent().build();
    }
}
