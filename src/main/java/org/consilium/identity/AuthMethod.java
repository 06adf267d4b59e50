package org.consilium.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * A way a person proved who they are. The stored names are stable: they are kept on tokens and sessions, and on every
 * signature, where they say how its signer had authenticated.
 */
public enum AuthMethod {
    /** The account's password. */
    PASSWORD("password"),
    /** A code of the account's authenticator app (RFC 6238). */
    TOTP("totp"),
    /** One of the account's one-time recovery codes. */
    RECOVERY_CODE("recovery-code"),
    /** A passkey (WebAuthn): phishing-resistant. */
    PASSKEY("passkey"),
    /** A single-use link mailed to the account's address. */
    EMAIL_LINK("email-link"),
    /** The local operator's token, read from the data directory by an administrator's command. */
    OPERATOR("operator"),
    /**
     * A personal access token, for an integration: it proves nothing about who is at the keyboard, so no guarded
     * action takes it, whatever its age.
     */
    PERSONAL_TOKEN("personal-token"),
    /** The organization's identity provider, by OpenID Connect (single sign-on). */
    SINGLE_SIGN_ON("sso"),
    /**
     * The identity provider said it asked for more than a password ({@code amr} or {@code acr}): counts as the second
     * factor, so a staff member signed in this way need not set up one of Consilium's own.
     */
    SSO_MULTI_FACTOR("sso-mfa");

    private final String stored;

    AuthMethod(String stored) {
        this.stored = stored;
    }

    public String stored() {
        return stored;
    }

    public static Optional<AuthMethod> fromStored(String stored) {
        return Arrays.stream(values()).filter(m -> m.stored.equals(stored)).findFirst();
    }
}
