package org.consilium.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.consilium.identity.CredentialEvent.What;
import org.consilium.identity.internal.PersonalTokenStore;
import org.consilium.shared.Check;
import org.consilium.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal access tokens, for integrations: their owner names each, chooses read-only or read-write and an expiry
 * within a year, sees the token once, lists them and revokes them. A read-only token may read whatever its owner may,
 * and change nothing. A token works only while its owner's account does (a suspension stops it at once), and a new
 * password revokes them all. Nothing is deleted before it expires.
 */
@Service
public class PersonalTokens {

    static final int MAX_NAME = 100;
    static final int MAX_DAYS = 365;

    private final PersonalTokenStore store;
    private final StepUp stepUp;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PersonalTokens(PersonalTokenStore store, StepUp stepUp, ApplicationEventPublisher events, Clock clock) {
        this.stepUp = stepUp;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** A token just made: its secret is in {@code token}, shown this once. */
    public record Created(UUID id, String name, boolean readOnly, Instant expiresAt, String token) {
    }

    /** A token as its owner sees it in the list. */
    public record Listed(UUID id, String name, boolean readOnly, Instant createdAt, Instant expiresAt,
            @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {

        public boolean liveAt(Instant now) {
            return revokedAt == null && now.isBefore(expiresAt);
        }
    }

    /**
     * @param scope {@code READ} or {@code WRITE}
     * @param days how long it works, 1 to 365
     */
    @Transactional
    public Created create(AccessScope scope, @Nullable String name, @Nullable String tokenScope,
            @Nullable Integer days) {
        Check check = new Check().required("name", name, MAX_NAME)
                .that("READ".equals(tokenScope) || "WRITE".equals(tokenScope), "scope",
                        "the scope must be READ (it may only read) or WRITE (it may change what you may change)")
                .that(days != null && days >= 1 && days <= MAX_DAYS, "expiresInDays",
                        "a token works for 1 to " + MAX_DAYS + " days");
        check.orThrow();
        // A token outlives the session that makes it: only on a recent authentication.
        stepUp.require(scope, "Making a personal access token");
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        boolean readOnly = "READ".equals(tokenScope);
        Instant expires = now.plus(Duration.ofDays(Objects.requireNonNull(days)));
        String token = store.issue(id, scope.actor().id(), Objects.requireNonNull(name).strip(), readOnly, now,
                expires);
        events.publishEvent(new CredentialEvent(scope.actor().id(), scope.actor().role(),
                What.PERSONAL_TOKEN_CREATED, null, now));
        return new Created(id, name.strip(), readOnly, expires, token);
    }

    @Transactional(readOnly = true)
    public List<Listed> list(AccessScope scope) {
        return store.ofAccount(scope.actor().id()).stream().map(r -> new Listed(r.id(), r.name(), r.readOnly(),
                r.createdAt(), r.expiresAt(), r.lastUsedAt(), r.revokedAt())).toList();
    }

    /** Revokes one of the caller's own live tokens; any other id is not found. */
    @Transactional
    public void revoke(AccessScope scope, UUID id) {
        Instant now = clock.instant();
        if (!store.revoke(scope.actor().id(), id, now)) {
            throw new NotFoundException("no such token of yours, or it was revoked already");
        }
        events.publishEvent(new CredentialEvent(scope.actor().id(), scope.actor().role(),
                What.PERSONAL_TOKEN_REVOKED, null, now));
    }
}
