package org.consilium.matching;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.consilium.identity.AccessGrants;
import org.consilium.identity.AccessScope;
import org.consilium.identity.GrantReason;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.SecondOpinionCase;
import org.consilium.matching.internal.DirectoryStore;
import org.consilium.shared.CaseId;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.Specialty;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The matching module's API: the specialist directory and the offers of cases to specialists. */
@Service
public class MatchingManagement {

    private final DirectoryStore directory;
    private final CaseManagement cases;
    private final AccessGrants grants;
    private final Clock clock;

    MatchingManagement(DirectoryStore directory, CaseManagement cases, AccessGrants grants, Clock clock) {
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
    public SecondOpinionCase offer(AccessScope scope, CaseId caseId, @Nullable SpecialistId specialistId) {
        if (specialistId == null) {
            throw new InvalidInputException("specialistId", "specialistId is required");
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

    /** The offers made for a case, for those who may see it. */
    @Transactional
    public List<Offer> offers(AccessScope scope, CaseId caseId) {
        cases.find(scope, caseId);
        return directory.offersOf(caseId);
    }
}
