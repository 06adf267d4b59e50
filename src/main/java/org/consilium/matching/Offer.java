package org.consilium.matching;

import java.time.Instant;
import org.consilium.shared.CaseId;
import org.jspecify.annotations.Nullable;

/** One offer of a case to a specialist, and its answer once given. */
public record Offer(CaseId caseId, SpecialistId specialistId, String specialistName, Instant offeredAt,
        @Nullable Instant answeredAt, @Nullable Outcome outcome, @Nullable String declineReason) {

    public enum Outcome {
        ACCEPTED,
        DECLINED,
        /** The patient withdrew the case before the specialist answered. */
        WITHDRAWN
    }
}
