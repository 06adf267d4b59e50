package org.consilium.identity;

import java.time.Clock;
import org.consilium.shared.CaseId;
import org.consilium.shared.Decision;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The one place where a refused look at a case turns into a "not found" answer, and a refused action into a 403,
 * each with an audit record naming the rule.
 */
@Component
public class CaseVisibility {

    private final ApplicationEventPublisher events;
    private final Clock clock;

    CaseVisibility(ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** Records the denial and answers the exception to throw; the caller learns only that there is no such case. */
    public NotFoundException deny(AccessScope scope, CaseId caseId, String action, String rule) {
        events.publishEvent(new AccessDenied(scope.actor().id(), scope.actor().role(), caseId, action, rule,
                clock.instant()));
        return new NotFoundException("case not found");
    }

    /**
     * Runs an action on a case the scope can see; if the caller's role or relation to the case may not take it, the
     * refusal is audited with its reason before it reaches the caller as a 403.
     */
    public <T> T guarded(AccessScope scope, CaseId caseId, String action, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (ForbiddenActionException e) {
            events.publishEvent(new AccessDenied(scope.actor().id(), scope.actor().role(), caseId, action,
                    e.reason(), clock.instant()));
            throw e;
        }
    }

    /**
     * Enforces a policy's decision on a case the caller sees: a refusal of the caller's role or relation is audited
     * with its reason and thrown as a 403, one of the case's state is thrown as a 409, and one of visibility as a 404,
     * audited too.
     */
    public void enforce(AccessScope scope, CaseId caseId, String action, Decision decision) {
        if (decision instanceof Decision.Refused refused) {
            switch (refused.refusal()) {
                case NOT_VISIBLE -> throw deny(scope, caseId, action, refused.reason());
                case FORBIDDEN -> events.publishEvent(new AccessDenied(scope.actor().id(), scope.actor().role(),
                        caseId, action, refused.reason(), clock.instant()));
                case WRONG_STATE -> {
                }
            }
            throw refused.exception();
        }
    }

    /** Records a refused attempt that is not about the caller's relation to the case (an action without its reason). */
    public void refused(AccessScope scope, CaseId caseId, String action, String rule) {
        events.publishEvent(new AccessDenied(scope.actor().id(), scope.actor().role(), caseId, action, rule,
                clock.instant()));
    }

    /** Records that the scope saw these cases in a list. */
    public void listed(AccessScope scope, java.util.List<CaseId> caseIds, String what) {
        if (!caseIds.isEmpty()) {
            events.publishEvent(new PatientDataListed(scope.actor().id(), scope.actor().role(), caseIds, what,
                    clock.instant()));
        }
    }

    /** Records a read of patient data. */
    public void read(AccessScope scope, CaseId caseId, String what) {
        events.publishEvent(new PatientDataRead(scope.actor().id(), scope.actor().role(), caseId, what,
                clock.instant()));
    }
}
