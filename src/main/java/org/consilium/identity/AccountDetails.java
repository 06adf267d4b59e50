package org.consilium.identity;

import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The principal of a signed-in request, in the browser or with an API token. */
public final class AccountDetails implements UserDetails {

    private final Actor actor;
    private final String email;
    private final String passwordHash;
    private final int sessionEpoch;
    private final boolean secondFactor;
    private final boolean readOnly;
    private final @Nullable AuthenticationContext authentication;

    AccountDetails(Actor actor, String email, String passwordHash, int sessionEpoch, boolean secondFactor) {
        this(actor, email, passwordHash, sessionEpoch, secondFactor, false, null);
    }

    private AccountDetails(Actor actor, String email, String passwordHash, int sessionEpoch, boolean secondFactor,
            boolean readOnly, @Nullable AuthenticationContext authentication) {
        this.actor = actor;
        this.email = email;
        this.passwordHash = passwordHash;
        this.sessionEpoch = sessionEpoch;
        this.secondFactor = secondFactor;
        this.readOnly = readOnly;
        this.authentication = authentication;
    }

    /**
     * When and how the person behind this request last proved who they are: from the access token, or from the
     * browser session. Null when not known (a personal access token, a token from before this was kept), which no
     * guarded action accepts.
     */
    public @Nullable AuthenticationContext authentication() {
        return authentication;
    }

    AccountDetails authenticatedBy(@Nullable AuthenticationContext context) {
        return new AccountDetails(actor, email, passwordHash, sessionEpoch, secondFactor, readOnly, context);
    }

    /** Whether the request came with a read-only personal access token: it may read, never change anything. */
    public boolean readOnly() {
        return readOnly;
    }

    AccountDetails asReadOnly() {
        return new AccountDetails(actor, email, passwordHash, sessionEpoch, secondFactor, true, authentication);
    }

    /** Whether the holder signs in with a second factor (an authenticator app). */
    public boolean secondFactor() {
        return secondFactor;
    }

    public Actor actor() {
        return actor;
    }

    public String email() {
        return email;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + actor.role().name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    /** Drops the hash once authentication is done, so it never lingers in a session. */
    AccountDetails withoutPassword() {
        return new AccountDetails(actor, email, "", sessionEpoch, secondFactor, readOnly, authentication);
    }

    AccountDetails withPasswordHash(String hash) {
        return new AccountDetails(actor, email, hash, sessionEpoch, secondFactor, readOnly, authentication);
    }

    /** The account's session epoch when this principal was made: a browser session lives while it stays current. */
    int sessionEpoch() {
        return sessionEpoch;
    }
}
