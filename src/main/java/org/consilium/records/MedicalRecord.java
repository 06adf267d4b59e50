package org.consilium.records;

import java.time.Instant;
import java.time.LocalDate;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * One clinical document attached to a case: what it is, where it came from, and the facts of its bytes (type detected
 * from the content, size, SHA-256). The bytes themselves live encrypted in blob storage.
 */
public record MedicalRecord(RecordId id, CaseId caseId, RecordCategory category, RecordSource source,
        String filename, String contentType, long size, String sha256, @Nullable LocalDate dateOfService,
        UserId uploadedBy, Instant uploadedAt) {

    /** The same record under another category. */
    public MedicalRecord withCategory(RecordCategory another) {
        return new MedicalRecord(id, caseId, another, source, filename, contentType, size, sha256, dateOfService,
                uploadedBy, uploadedAt);
    }
}
