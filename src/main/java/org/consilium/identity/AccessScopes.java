package org.consilium.identity;

import org.springframework.stereotype.Service;

/** Builds the {@link AccessScope} of a signed-in caller; the only way to get one. */
@Service
public class AccessScopes {

    AccessScopes() {
    }

    public AccessScope of(AccountDetails account) {
        return new AccessScope(account.actor(), account.authentication());
    }

    /** For work done on an account's behalf outside a request (a scheduled job, a test fixture). */
    public AccessScope of(Actor actor) {
        return new AccessScope(actor, null);
    }
}
