package org.consilium.matching;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.consilium.identity.AccessGrants;
import org.consilium.identity.AccessScope;
import org.consilium.identity.CaseVisibility;
import org.consilium.identity.GrantReason;
import org.consilium.intake.CaseEvent;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.SecondOpinionCase;
import org.consilium.matching.internal.DirectoryStore;
import org.consilium.shared.CaseId;
import org.consilium.shared.ForbiddenActionException;
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
    private final CaseVisibility visibility;
    private final Clock clock;

    MatchingManagement(DirectoryStore directory, CaseManagement cases, AccessGrants grants,
            CaseVisibility visibility, Clock clock) {
        this.directory = directory;
        this.cases = cases;
        this.grants = grants;
        this.visibility = visibility;
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
    public SecondOpinionCase offer(AccessScope scope, CaseId caseId, @Nullable SpecialistId specialistId) {
        if (specialistId == null) {
            throw new InvalidInputException("specialistId", "choose a specialist (specialistId is required)");
        }
        SecondOpinionCase c = cases.find(scope, caseId);
        Specialist specialist = directory.specialist(specialistId)
                .orElseThrow(() -> new InvalidInputException("specialistId", "no specialist has this id"));
        if (!specialist.practises(c.details().specialty())) {
            throw new InvalidInputException("specialistId", specialist.displayName() + " does not practise "
                    + c.details().specialty().label().toLowerCase(java.util.Locale.ROOT));
        }
        SecondOpinionCase offered = cases.offerTo(scope, caseId, specialist.accountId());
        grants.grant(specialist.accountId(), caseId, GrantReason.OFFERED);
        directory.insertOffer(caseId, specialistId, scope.actor().id(), clock.instant());
        return offered;
    }

    /** The specialist takes the offered case on, and may now read its records. */
    @Transactional
    public SecondOpinionCase accept(AccessScope scope, CaseId caseId) {
        SecondOpinionCase accepted = cases.acceptOffer(scope, caseId);
        grants.grant(scope.actor().id(), caseId, GrantReason.ASSIGNED);
        grants.revoke(scope.actor().id(), caseId, GrantReason.OFFERED);
        directory.answerOpenOffer(caseId, Offer.Outcome.ACCEPTED, null, clock.instant());
        return accepted;
    }

    /** The specialist turns the offer down with a reason; the case goes back to matching and out of their sight. */
    @Transactional
    public SecondOpinionCase decline(AccessScope scope, CaseId caseId, @Nullable String reason) {
        SecondOpinionCase declined = cases.declineOffer(scope, caseId, reason);
        grants.revoke(scope.actor().id(), caseId, GrantReason.OFFERED);
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
        cases.find(scope, caseId);
        return visibility.guarded(scope, caseId, "read offers", () -> {
            if (!scope.holds(caseId, GrantReason.COORDINATOR)) {
                throw new ForbiddenActionException("only the case's coordinator sees its offers");
            }
            return directory.offersOf(caseId);
        });
    }

    /**
     * A withdrawn case is no longer the specialists' business: the open offer is closed, and the offered or
     * reviewing specialist loses access, in the transaction that withdraws it.
     */
    @EventListener
    void on(CaseEvent.CaseWithdrawn withdrawn) {
        directory.answerOpenOffer(withdrawn.caseId(), Offer.Outcome.WITHDRAWN, null, withdrawn.at());
        for (Offer offer : directory.offersOf(withdrawn.caseId())) {
            directory.specialist(offer.specialistId()).ifPresent(specialist -> {
                grants.revoke(specialist.accountId(), withdrawn.caseId(), GrantReason.OFFERED);
                grants.revoke(specialist.accountId(), withdrawn.caseId(), GrantReason.ASSIGNED);
            });
        }
    }
}
