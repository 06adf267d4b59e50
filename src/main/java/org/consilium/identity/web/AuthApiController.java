package org.consilium.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import io.swagger.v3.oas.annotations.Operation;
import org.consilium.shared.ApiErrors;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccountSecurity;
import org.consilium.identity.IdentityManagement;
import org.consilium.identity.IssuedToken;
import org.consilium.identity.Passkeys;
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
import tools.jackson.databind.JsonNode;

/** Tokens and registration for API clients. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthApiController {

    private final IdentityManagement identity;
    private final AccountSecurity security;
    private final Passkeys passkeys;

    AuthApiController(IdentityManagement identity, AccountSecurity security, Passkeys passkeys) {
        this.identity = identity;
        this.security = security;
        this.passkeys = passkeys;
    }

    record TokenRequest(@Nullable String username, @Nullable String password, @Nullable String otp,
            @Nullable JsonNode passkey) {
    }

    record TokenResponse(String access_token, String token_type, long expires_in, String refresh_token) {
    }

    /**
     * Exchanges credentials for a bearer token. A wrong email and a wrong password are the same refusal, and an
     * attempt that has to wait another; the API's problem handler answers both.
     */
    @Operation(summary = "Get an access token", description = "Exchanges an email and password for an opaque bearer token valid 15 minutes. A wrong email and a wrong password answer the same 401 (bad-credentials). Or, without email and password, send passkey: the answer (PublicKeyCredential JSON, as the browser's toJSON gives it) of one of the account's passkeys to options from POST /api/v1/auth/passkey/sign-in-options; a passkey that verified its user counts as two factors, and any refusal answers 401 passkey-refused. An account with an authenticator app also sends otp, the code the app shows now or one of its recovery codes: without it the answer is 401 otp-required, with a wrong or used one 401 otp-invalid. Where staff must have a second factor, a staff account without one gets 403 second-factor-enrolment-required. After repeated failures for an email or from an address, sign-in waits a growing time (429 with Retry-After).")
    @ApiErrors(value = {400, 401, 403, 429}, anonymous = true)
    @PostMapping("/token")
    ResponseEntity<TokenResponse> token(@RequestBody TokenRequest request, HttpServletRequest http) {
        String passkey = answer(request.passkey());
        if (passkey != null && request.username() == null && request.password() == null) {
            return issued(identity.issueTokenWithPasskey(passkey, http.getRemoteAddr()));
        }
        new Check().required("username", request.username(), 254).required("password", request.password(), 128)
                .orThrow();
        new Check().maxLength("otp", request.otp(), 40).orThrow();
        return issued(identity.issueToken(request.username(), request.password(), request.otp(),
                http.getRemoteAddr()));
    }

    /** A passkey's answer as the JSON text it came as; none for a missing or {@code null} field. */
    private static @Nullable String answer(@Nullable JsonNode passkey) {
        return passkey == null || passkey.isNull() ? null : passkey.toString();
    }

    private static ResponseEntity<TokenResponse> issued(IssuedToken token) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new TokenResponse(token.accessToken(), "Bearer", token.lifetime().toSeconds(),
                        token.refreshToken()));
    }

    record RefreshRequest(@Nullable String refresh_token) {
    }

    /** Renews a token pair: the refresh token is spent, and a new access and refresh token answered. */
    @Operation(summary = "Refresh the access token", description = "Exchanges the refresh_token of the last token answer for a new pair, and spends it: each refresh token works once, for 12 hours, and a sign-in's tokens can be renewed for at most 7 days. A refresh token used a second time revokes every token renewed from the same sign-in, the holder's too (someone else has a copy). Anything that cannot be used answers 400 invalid-grant, alike.")
    @ApiErrors(value = {400}, anonymous = true)
    @PostMapping("/refresh")
    ResponseEntity<TokenResponse> refresh(@RequestBody RefreshRequest request) {
        new Check().required("refresh_token", request.refresh_token(), 100).orThrow();
        return issued(identity.refresh(request.refresh_token()));
    }

    record StepUpRequest(@Nullable String password, @Nullable String otp, @Nullable JsonNode passkey) {
    }

    /**
     * A challenge for a passkey sign-in: any of this site's passkeys may answer it, once, within five minutes. Each
     * costs a row until it expires, so the requests per address are limited like registration's.
     */
    @Operation(summary = "Passkey options for a sign-in", description = "Answers PublicKeyCredentialRequestOptions (WebAuthn JSON, base64url) for a sign-in without a password: pass them to navigator.credentials.get (after PublicKeyCredential.parseRequestOptionsFromJSON), then send the credential's JSON as passkey to POST /api/v1/auth/token. The challenge works once, within five minutes; user verification is required.")
    @ApiErrors(value = {429}, anonymous = true)
    @PostMapping(value = "/passkey/sign-in-options", produces = "application/json")
    ResponseEntity<String> passkeySignInOptions() {
        return PasskeyWebController.options(passkeys.authenticationOptions(Passkeys.Purpose.SIGN_IN, null));
    }

    /** A challenge for a step-up by one of the caller's passkeys. */
    @Operation(summary = "Passkey options for a step-up", description = "Answers PublicKeyCredentialRequestOptions listing the caller's passkeys; send the answer as passkey to POST /api/v1/auth/step-up. The challenge works once, within five minutes.")
    @ApiErrors(value = {403})
    @PostMapping(value = "/passkey/step-up-options", produces = "application/json")
    ResponseEntity<String> passkeyStepUpOptions(AccessScope scope,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        PersonalTokenApiController.notWithPersonalToken(authorization, "step up");
        return PasskeyWebController.options(passkeys.authenticationOptions(Passkeys.Purpose.STEP_UP,
                scope.actor().id()));
    }

    /** Proves again who the caller is, for the guarded actions of the next few minutes (RFC 9470). */
    @Operation(summary = "Step up: prove again who you are", description = "Signing an opinion, exporting data and administering accounts and centers need an authentication at most 5 minutes old; an older one answers 401 step-up-required with WWW-Authenticate: Bearer error=\"insufficient_user_authentication\", max_age=300. Send, with the current access token, the strongest factor the account has: passkey (the answer of one of its passkeys to POST /api/v1/auth/passkey/step-up-options; a refusal answers 400 on field passkey), or otp (the authenticator app's code, or an unused recovery code) for an account with an app, where a password may come too; else the password. The answer is a new token pair of the same sign-in whose authentication time is now. A wrong password or code answers 400 on field password or otp, counts towards the sign-in throttle (429 once it must wait), changes nothing, and is audited. A personal access token cannot step up (403).")
    @ApiErrors(value = {400, 403, 429})
    @PostMapping("/step-up")
    ResponseEntity<TokenResponse> stepUp(AccessScope scope, @RequestBody StepUpRequest request,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization, HttpServletRequest http) {
        PersonalTokenApiController.notWithPersonalToken(authorization, "step up");
        return issued(identity.stepUpToken(scope, bearer(authorization), request.password(), request.otp(),
                answer(request.passkey()), http.getRemoteAddr()));
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
                "We mailed the address a link to confirm it, valid 24 hours; once it is confirmed, request a token. "
                        + "If the address already had an account, the mail says how to sign in instead.",
                "privacyNoticeVersion", IdentityManagement.PRIVACY_NOTICE_VERSION,
                "termsVersion", IdentityManagement.TERMS_VERSION));
    }

    record VerifyEmailRequest(@Nullable String token, @Nullable String password) {
    }

    /** Confirms an address by the secret of the link mailed at registration and the password chosen then. */
    @Operation(summary = "Confirm an e-mail address", description = "Takes the secret of the link mailed at registration (the last part of its path) and the password chosen at registration. A link works once, within 24 hours; an unknown, expired or used one answers the same 400 on field token, and the attempt is audited. A wrong password answers 400 on field password, counts towards the sign-in throttle (429 once it must wait) and leaves the link usable. Once confirmed, the account can request tokens.")
    @ApiErrors(value = {400, 429}, anonymous = true)
    @PostMapping("/verify-email")
    ResponseEntity<Void> verifyEmail(@RequestBody VerifyEmailRequest request, HttpServletRequest http) {
        new Check().required("token", request.token(), 100).orThrow();
        security.verifyEmail(request.token(), request.password(), http.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }

    record PasswordResetRequest(@Nullable String email) {
    }

    /** Mails a reset link when the address has an account; the answer is the same either way. */
    @Operation(summary = "Ask for a password reset link", description = "Mails a link to choose a new password, valid one hour, when the address has an account (at most one a minute). The answer is the same whether or not it has one. Choosing a password by the link also confirms the address.")
    @ApiErrors(value = {400}, anonymous = true)
    @PostMapping("/password-reset")
    ResponseEntity<Map<String, String>> passwordReset(@RequestBody PasswordResetRequest request) {
        new Check().required("email", request.email(), 254).orThrow();
        security.requestPasswordReset(request.email());
        return ResponseEntity.accepted().body(Map.of("status",
                "If the address has an account, we mailed it a link to choose a new password, valid one hour."));
    }

    record PasswordResetConfirmation(@Nullable String token, @Nullable String newPassword) {
    }

    /** Sets a new password by a reset link's secret; every token of the account is revoked. */
    @Operation(summary = "Choose a new password by a reset link", description = "Takes the secret of a reset link (the last part of its path) and the new password (at least 12 characters, not easy to guess). The link is spent, every token and browser session of the account ends, and the address counts as confirmed. An unknown, expired or used link answers 400 on field token.")
    @ApiErrors(value = {400}, anonymous = true)
    @PostMapping("/password-reset/confirm")
    ResponseEntity<Void> confirmPasswordReset(@RequestBody PasswordResetConfirmation request) {
        new Check().required("token", request.token(), 100).orThrow();
        security.resetPassword(request.token(), request.newPassword());
        return ResponseEntity.noContent().build();
    }

    record PasswordChange(@Nullable String currentPassword, @Nullable String newPassword) {
    }

    /** Changes the caller's password; every other token and browser session of the account ends. */
    @Operation(summary = "Change your password", description = "Checks the current password (wrong ones count towards the sign-in throttle) and sets the new one. The token this request carries stays valid; every other token and browser session of the account ends, and the holder is told by mail.")
    @ApiErrors(value = {400, 429})
    @PostMapping("/password")
    ResponseEntity<Void> changePassword(AccessScope scope, @RequestBody PasswordChange request,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization, HttpServletRequest http) {
        PersonalTokenApiController.notWithPersonalToken(authorization, "change the password");
        security.changePassword(scope, request.currentPassword(), request.newPassword(), bearer(authorization),
                http.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }

    /** The token of an {@code Authorization: Bearer …} header. */
    static String bearer(String authorization) {
        return authorization.substring(Math.min(authorization.length(), "Bearer ".length())).strip();
    }

    /** Revokes the token this request carries. */
    @Operation(summary = "Revoke the access token", description = "Revokes the bearer token the request carries, and every token of its sign-in (its refresh token, and the pairs renewed from it); they answer 401 and 400 invalid-grant from then on.")
    @ApiErrors({})
    @PostMapping("/logout")
    ResponseEntity<Void> logout(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        identity.revoke(bearer(authorization));
        return ResponseEntity.noContent().build();
    }
}
