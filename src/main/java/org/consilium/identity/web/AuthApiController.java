package org.consilium.identity.web;

import java.util.Map;
import io.swagger.v3.oas.annotations.Operation;
import org.consilium.shared.ApiErrors;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.IssuedToken;
import org.consilium.identity.Registration;
import org.consilium.shared.Check;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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

    /** Exchanges credentials for a bearer token; a wrong email and a wrong password answer the same. */
    @Operation(summary = "Get an access token", description = "Exchanges an email and password for an opaque bearer token valid 15 minutes. A wrong email and a wrong password answer the same 401; too many failures for one email slow sign-in down (429 with Retry-After).")
    @ApiErrors(value = {400, 429}, anonymous = true)
    @PostMapping("/token")
    ResponseEntity<?> token(@RequestBody TokenRequest request) {
        new Check().required("username", request.username(), 254).required("password", request.password(), 128)
                .orThrow();
        return identity.issueToken(request.username(), request.password())
                .<ResponseEntity<?>>map(AuthApiController::issued)
                .orElseGet(() -> {
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                            "The email or password is wrong.");
                    problem.setType(java.net.URI.create("urn:consilium:problem:bad-credentials"));
                    problem.setTitle("Sign-in failed");
                    return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
                });
    }

    private static ResponseEntity<?> issued(IssuedToken token) {
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

    @org.springframework.web.bind.annotation.ExceptionHandler(org.consilium.identity.SignInLockedException.class)
    ResponseEntity<ProblemDetail> locked(org.consilium.identity.SignInLockedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "Too many failed sign-ins for this email. Try again later.");
        problem.setType(java.net.URI.create("urn:consilium:problem:too-many-attempts"));
        problem.setTitle("Too many attempts");
        long seconds = Math.max(1, java.time.Duration.between(java.time.Instant.now(), e.until()).toSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
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
