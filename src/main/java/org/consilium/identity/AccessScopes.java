package org.consilium.identity;

import org.consilium.identity.internal.GrantStore;
import org.springframework.stereotype.Service;

/** Resolves the {@link AccessScope} of a caller from its live grants. */
@Service
public class AccessScopes {

    private final GrantStore grants;

    AccessScopes(GrantStore grants) {
        this.grants = grants;
    }

    public AccessScope of(Actor actor) {
        return new AccessScope(actor, grants.liveGrantsOf(actor.id()));
    }

    public AccessScope of(AccountDetails account) {
        return of(account.actor());
    }
}
