package org.consilium.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.consilium.identity.internal.GrantStore;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reasons for which an account may see a case, with their history. Written by the module that creates the reason,
 * in its own transaction ({@code intake} when a case is opened or triaged, {@code matching} when it is offered or
 * accepted); read per case by the modules' access policies, and page by page by case lists.
 */
@Service
public class AccessGrants {

    /** How long a coordinator who declined a case at triage can still read it. */
    public static final Duration DECLINED_CASE_READ_ACCESS = Duration.ofDays(14);

    private final GrantStore grants;
    private final Clock clock;

    AccessGrants(GrantStore grants, Clock clock) {
        this.grants = grants;
        this.clock = clock;
    }

    /**
     * Grants the case to the account, replacing any other live reason it had. {@code caseActiveAt} is the case's time
     * of last activity, which orders the account's case list.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void grant(UserId account, CaseId caseId, GrantReason reason, UserId grantedBy, Instant caseActiveAt) {
        grants.grant(account, caseId, reason, grantedBy, clock.instant(), null, caseActiveAt);
    }

    /** As {@link #grant}, ending by itself after the given time. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void grantFor(UserId account, CaseId caseId, GrantReason reason, UserId grantedBy, Instant caseActiveAt,
            Duration lifetime) {
        Instant now = clock.instant();
        grants.grant(account, caseId, reason, grantedBy, now, now.plus(lifetime), caseActiveAt);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void revoke(UserId account, CaseId caseId, GrantReason reason, UserId revokedBy) {
        grants.revoke(account, caseId, reason, revokedBy, clock.instant());
    }

    /** Ends every live grant on the case for one of these reasons, whoever holds it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void revokeAll(CaseId caseId, Set<GrantReason> reasons, UserId revokedBy) {
        grants.revokeAll(caseId, reasons, revokedBy, clock.instant());
    }

    /** The account's live grant on the case, with a delegate's rights: what a case's access policy decides from. */
    @Transactional(readOnly = true)
    public LiveGrant live(UserId account, CaseId caseId) {
        return grants.live(account, caseId, clock.instant());
    }

    /** A page of the account's granted cases, most recent activity first, strictly after {@code after}. */
    @Transactional(readOnly = true)
    public List<GrantedCase> page(UserId account, @Nullable CaseActivity after, int limit) {
        return grants.page(account, after, limit, clock.instant());
    }

    /** Records the case's new time of activity, in the transaction that changed the case. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void caseActive(CaseId caseId, Instant at) {
        grants.caseActive(caseId, at);
    }

    /** Every grant ever made on the case, oldest first: for audits and tests, not for access decisions. */
    @Transactional(readOnly = true)
    public List<Grant> history(CaseId caseId) {
        return grants.history(caseId);
    }
}
