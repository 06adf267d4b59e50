package org.consilium.intake;

import java.time.Instant;
import org.consilium.shared.CaseId;
import org.consilium.shared.Specialty;
import org.jspecify.annotations.Nullable;

/** A case as a row of a list or a work queue. */
public record CaseSummary(CaseId id, String reference, CaseStatus status, String diagnosis, Specialty specialty,
        Urgency urgency, Instant openedAt, @Nullable Instant submittedAt, Instant updatedAt) {
}
