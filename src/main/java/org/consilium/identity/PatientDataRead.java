package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;

/** Someone read a case's data; the audit trail keeps it, and the patient can later see who looked. */
public record PatientDataRead(UserId actorId, Role actorRole, CaseId caseId, String what, Instant at) {
}
