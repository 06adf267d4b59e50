package org.consilium.identity;

import org.consilium.shared.UserId;

/**
 * Who administers an expert center's staff: kept by the directory, which knows the centers, and asked by staff
 * administration before anyone but an administrator invites a specialist. Deny by default: an account nobody appointed
 * administers nothing.
 */
public interface CenterAdministrators {

    /** Whether an administrator appointed the account, still, to administer at least one center. */
    boolean administersACenter(UserId account);
}
