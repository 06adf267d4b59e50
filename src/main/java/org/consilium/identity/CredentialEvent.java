package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * Something happened to an account's address or password, or an attempt at it was refused. Every one goes on the
 * audit trail; none carries a link's secret or a password.
 *
 * @param accountId the account, when known (a made-up link names none)
 * @param refusal why the attempt was refused, or null when it was carried out
 */
public record CredentialEvent(@Nullable UserId accountId, @Nullable Role role, What what, @Nullable String refusal,
        Instant at) {

    /** What happened. */
    public enum What {
        /** A link to confirm the address was mailed. */
        VERIFICATION_SENT("VerificationSent"),
        /** The holder proved the address by its link. */
        EMAIL_VERIFIED("EmailVerified"),
        /** Someone registered an address that has an account; its holder was told (at most hourly). */
        REGISTRATION_REPEATED("RegistrationRepeated"),
        /** A password reset link was mailed. */
        PASSWORD_RESET_SENT("PasswordResetSent"),
        /** A new password was chosen by a reset link; every token and session of the account ended. */
        PASSWORD_RESET("PasswordReset"),
        /** The first usable password was chosen by a mailed link (an invitation, or a registration finished). */
        PASSWORD_SET("PasswordSet"),
        /** The holder changed their password; their other tokens and sessions ended. */
        PASSWORD_CHANGED("PasswordChanged"),
        /** The holder made a personal access token (its name is theirs; the token is never recorded). */
        PERSONAL_TOKEN_CREATED("PersonalTokenCreated"),
        /** The holder revoked one of their personal access tokens. */
        PERSONAL_TOKEN_REVOKED("PersonalTokenRevoked"),
        /** An authenticator app was set up, with new recovery codes: sign-in asks for a code from now on. */
        SECOND_FACTOR_ADDED("SecondFactorAdded"),
        /** A passkey was added; the first second factor of an account comes with new recovery codes. */
        PASSKEY_ADDED("PasskeyAdded"),
        /** The holder removed one of their passkeys: it signs nobody in again. */
        PASSKEY_REMOVED("PasskeyRemoved"),
        /**
         * A refresh token was refused: unknown, expired, revoked, too old a sign-in, an account that can no longer sign
         * in, or used again (a copy is in someone else's hands: its family was revoked).
         */
        REFRESH_REFUSED("RefreshRefused"),
        /** A link was refused: unknown, expired, already used or meant for something else. */
        LINK_REFUSED("LinkRefused"),
        /** A password change was refused: the current password was wrong. */
        PASSWORD_CHANGE_REFUSED("PasswordChangeRefused"),
        /** The holder proved again who they are, for a guarded action (signing, exporting, administering). */
        STEPPED_UP("SteppedUp"),
        /** A step-up was refused: a wrong password, a missing, wrong or used code, or a passkey that did not verify. */
        STEP_UP_REFUSED("StepUpRefused"),
        /** A person of the organization's identity provider was linked to the account at their first single sign-on. */
        SSO_LINKED("SingleSignOnLinked"),
        /** The account was made at its holder's first single sign-on, with the role the identity provider gave. */
        SSO_PROVISIONED("SingleSignOnProvisioned");

        private final String action;

        What(String action) {
            this.action = action;
        }

        /** Its name on the audit trail. */
        public String action() {
            return action;
        }
    }

    public boolean refused() {
        return refusal != null;
    }
}
