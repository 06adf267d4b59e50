package org.consilium.matching;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.consilium.identity.AccessGrants;
import org.consilium.identity.AccessScope;
import org.consilium.identity.GrantReason;
import org.consilium.intake.CaseEvent;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseAction;
import org.consilium.intake.CaseView;
import org.consilium.identity.Role;
import org.consilium.shared.Decision;
import org.consilium.matching.internal.DirectoryStore;
import org.consilium.shared.CaseId;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.Specialty;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The matching module's API: the specialist directory and the offers of cases to specialists. */
@Service
public class MatchingManagement {

    private final DirectoryStore directory;
    private final CaseManagement cases;
    private final AccessGrants grants;
    private final Clock clock;

    MatchingManagement(DirectoryStore directory, CaseManagement cases, AccessGrants grants,
            Clock clock) {
        this.directory = directory;
        this.cases = cases;
        this.grants = grants;
        this.clock = clock;
    }

    /** Specialists, optionally only those practising a specialty. Holds no patient data. */
    @Transactional
    public List<Specialist> directory(@Nullable Specialty specialty) {
        return directory.specialists(specialty);
    }

    @Transactional
    public Optional<Specialist> specialistOfAccount(UserId account) {
        return directory.specialistOfAccount(account);
    }

    /** The case's coordinator offers it to a specialist who practises the specialty it asks for. */
    @Transactional
    public CaseView offer(AccessScope scope, CaseId caseId, @Nullable SpecialistId specialistId) {
        CaseView c = cases.access(scope, caseId, "offer");
        cases.enforce(scope, caseId, "offer", c.decide(CaseAction.OFFER));
        if (specialistId == null) {
            throw new InvalidInputException("specialistId", org.consilium.shared.FieldLabels.of("specialistId") + " is required");
        }
        Specialist specialist = directory.specialist(specialistId)
                .orElseThrow(() -> new InvalidInputException("specialistId", "no specialist has this id"));
        if (!specialist.practises(c.details().specialty())) {
            throw new InvalidInputException("specialistId", specialist.displayName() + " does not practise "
                    + c.details().specialty().label().toLowerCase(java.util.Locale.ROOT));
        }
        CaseView offered = cases.offerTo(scope, caseId, specialist.accountId());
        grants.grant(specialist.accountId(), caseId, GrantReason.OFFERED, scope.actor().id(), offered.updatedAt());
        directory.insertOffer(caseId, specialistId, scope.actor().id(), clock.instant());
        return offered;
    }

    /** The specialist takes the offered case on, and may now read its records. */
    @Transactional
    public CaseView accept(AccessScope scope, CaseId caseId) {
        CaseView accepted = cases.acceptOffer(scope, caseId);
        // The reviewer's grant replaces the offer's.
        grants.grant(scope.actor().id(), caseId, GrantReason.ASSIGNED, scope.actor().id(), accepted.updatedAt());
        directory.answerOpenOffer(caseId, Offer.Outcome.ACCEPTED, null, clock.instant());
        return cases.access(scope, caseId, "read case");
    }

    /** The specialist turns the offer down with a reason; the case goes back to matching and out of their sight. */
    @Transactional
    public CaseView decline(AccessScope scope, CaseId caseId, @Nullable String reason) {
        CaseView declined = cases.declineOffer(scope, caseId, reason);
        grants.revoke(scope.actor().id(), caseId, GrantReason.OFFERED, scope.actor().id());
        directory.answerOpenOffer(caseId, Offer.Outcome.DECLINED, reason == null ? null : reason.strip(),
                clock.instant());
        return declined;
    }

    /**
     * The offers made for a case, with the specialists' reasons for declining: for the case's coordinator only,
     * since those reasons are written for the coordinator, not for the patient or other specialists.
     */
    @Transactional
    public List<Offer> offers(AccessScope scope, CaseId caseId) {
        return offers(scope, cases.access(scope, caseId, "read offers"));
    }

    /** The offers of a case the caller already holds the view of, as {@link #offers(AccessScope, CaseId)}. */
    @Transactional
    public List<Offer> offers(AccessScope scope, CaseView c) {
        cases.enforce(scope, c.id(), "read offers", mayReadOffers(c));
        return directory.offersOf(c.id());
    }

    /** The offers and the specialists' reasons for declining are the case's coordinator's to read. */
    public static Decision mayReadOffers(CaseView c) {
        return c.decide(CaseAction.READ).and(() -> c.relation().is(Role.COORDINATOR)
                && c.relation().holds(GrantReason.COORDINATOR) ? Decision.allowed()
                : Decision.forbidden("only the case's coordinator sees its offers"));
    }

    /**
     * A withdrawn case is no longer the specialists' business: the open offer is closed in the transaction that
     * withdraws it (intake revokes their access in the same transaction).
     */
    @EventListener
    void on(CaseEvent.CaseWithdrawn withdrawn) {
        directory.answerOpenOffer(withdrawn.caseId(), Offer.Outcome.WITHDRAWN, null, withdrawn.at());
    }
}
