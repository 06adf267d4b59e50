package org.consilium.identity;

import java.time.Clock;
import org.consilium.identity.internal.GrantStore;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the reasons for which an account may see a case. Called by the module that creates the reason, in its own
 * transaction: {@code intake} when a case is opened or triaged, {@code matching} when it is offered or accepted.
 */
@Service
public class AccessGrants {

    private final GrantStore grants;
    private final Clock clock;

    AccessGrants(GrantStore grants, Clock clock) {
        this.grants = grants;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void grant(UserId account, CaseId caseId, GrantReason reason) {
        grants.grant(account, caseId, reason, clock.instant());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void revoke(UserId account, CaseId caseId, GrantReason reason) {
        grants.revoke(account, caseId, reason, clock.instant());
    }
}
