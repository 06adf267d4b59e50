package org.consilium.intake;

import java.time.Instant;
import org.consilium.shared.CaseId;
import org.consilium.shared.Specialty;
import org.jspecify.annotations.Nullable;

/**
 * A case as a row of a list or a work queue.
 *
 * @param patient whom the case is for, when the account holder opened it for someone else; null for a patient's own
 *                case, and for a caller who may not know who the patient is (a specialist who has only been offered it)
 */
public record CaseSummary(CaseId id, String reference, CaseStatus status, String diagnosis, Specialty specialty,
        Urgency urgency, Instant openedAt, @Nullable Instant submittedAt, Instant updatedAt,
        @Nullable Patient patient) {

    /** The patient a proxy opened the case for, by name, and how the proxy is related to them. */
    public record Patient(String name, Relationship relationship) {
    }

    /** The same row without whom the case is for. */
    public CaseSummary withoutPatient() {
        return new CaseSummary(id, reference, status, diagnosis, specialty, urgency, openedAt, submittedAt, updatedAt,
                null);
    }
}
