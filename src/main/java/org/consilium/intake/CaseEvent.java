package org.consilium.intake;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.Specialty;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/** Something that happened to a case. Each event is published in the transaction that made it happen. */
public sealed interface CaseEvent {

    CaseId caseId();

    UserId actorId();

    Role actorRole();

    Instant at();

    /** The status the case is in after the event. */
    CaseStatus status();

    /**
     * The event's stored name, in timelines and the audit trail: an explicit, stable string, so renaming a class never
     * changes what is stored.
     */
    default String type() {
        return switch (this) {
            case CaseOpened e -> "CaseOpened";
            case CaseSubmitted e -> "CaseSubmitted";
            case CaseTriaged e -> "CaseTriaged";
            case CaseDeclined e -> "CaseDeclined";
            case RecordsCompleted e -> "RecordsCompleted";
            case CaseOffered e -> "CaseOffered";
            case CaseAccepted e -> "CaseAccepted";
            case OfferDeclined e -> "OfferDeclined";
            case OpinionDelivered e -> "OpinionDelivered";
            case CaseWithdrawn e -> "CaseWithdrawn";
            case CaseClosed e -> "CaseClosed";
            case DraftEdited e -> "DraftEdited";
            case DraftDiscarded e -> "DraftDiscarded";
            case SpecialtyChanged e -> "SpecialtyChanged";
        };
    }

    /**
     * Whether the case's timeline shows the event. Edits of a draft are audited but not shown: saved every few seconds
     * while the patient types, they would bury the steps the timeline is there to tell.
     */
    default boolean onTimeline() {
        return !(this instanceof DraftEdited);
    }

    record CaseOpened(CaseId caseId, String reference, UserId actorId, Role actorRole, Instant at)
            implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.DRAFT;
        }
    }

    record CaseSubmitted(CaseId caseId, UserId actorId, Role actorRole, Instant at) implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.SUBMITTED;
        }
    }

    record CaseTriaged(CaseId caseId, UserId actorId, Role actorRole, Instant at) implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.COLLECTING_RECORDS;
        }
    }

    record CaseDeclined(CaseId caseId, String reason, UserId actorId, Role actorRole, Instant at)
            implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.DECLINED;
        }
    }

    record RecordsCompleted(CaseId caseId, UserId actorId, Role actorRole, Instant at) implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.READY_FOR_MATCHING;
        }
    }

    record CaseOffered(CaseId caseId, UserId specialistAccount, UserId actorId, Role actorRole, Instant at)
            implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.OFFERED;
        }
    }

    record CaseAccepted(CaseId caseId, UserId actorId, Role actorRole, Instant at) implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.IN_REVIEW;
        }
    }

    record OfferDeclined(CaseId caseId, String reason, UserId actorId, Role actorRole, Instant at)
            implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.READY_FOR_MATCHING;
        }
    }

    record OpinionDelivered(CaseId caseId, UserId actorId, Role actorRole, Instant at) implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.OPINION_DELIVERED;
        }
    }

    record CaseWithdrawn(CaseId caseId, @Nullable String reason, UserId actorId, Role actorRole, Instant at)
            implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.WITHDRAWN;
        }
    }

    record CaseClosed(CaseId caseId, UserId actorId, Role actorRole, Instant at) implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.CLOSED;
        }
    }

    /** The patient saved changes to the details or questions of their draft. */
    record DraftEdited(CaseId caseId, UserId actorId, Role actorRole, Instant at) implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.DRAFT;
        }
    }

    /** The patient gave up their draft; it is kept, never deleted. */
    record DraftDiscarded(CaseId caseId, UserId actorId, Role actorRole, Instant at) implements CaseEvent {
        @Override
        public CaseStatus status() {
            return CaseStatus.DISCARDED;
        }
    }

    /** A coordinator gave the case another specialty, with a reason; the case stays in the state it was in. */
    record SpecialtyChanged(CaseId caseId, Specialty from, Specialty to, String reason, CaseStatus status,
            UserId actorId, Role actorRole, Instant at) implements CaseEvent {
    }
}
