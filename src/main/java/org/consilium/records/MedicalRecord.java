package org.consilium.records;

import java.time.Instant;
import java.time.LocalDate;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * One clinical document attached to a case: what it is, where it came from, and the facts of its bytes (type detected
 * from the content, size, SHA-256). The bytes themselves live encrypted in blob storage.
 *
 * @param description what the record is about, in the words of whoever added or edited it; null when not given
 * @param origin who issued the document (a hospital, a lab, a practice), as opposed to {@code source}, how it reached
 *     the case; null when not given
 * @param voiding why and by whom the record was voided, or null while it stands
 * @param hasThumbnail whether a small picture of its first page or image was made
 * @param namedAs the name it came under, when that name's extension said another type than its bytes (a JPEG named
 *     {@code scan.pdf}): it is kept under a name with the right extension, and the mismatch is shown; null otherwise
 */
public record MedicalRecord(RecordId id, CaseId caseId, RecordCategory category, RecordSource source,
        String filename, String contentType, long size, String sha256, @Nullable LocalDate dateOfService,
        UserId uploadedBy, Instant uploadedAt, @Nullable String description, @Nullable String origin,
        ScanState scanState, @Nullable Voiding voiding, boolean hasThumbnail, @Nullable String namedAs) {

    /** A record as added: no description or origin yet, not scanned, standing, no thumbnail. */
    public MedicalRecord(RecordId id, CaseId caseId, RecordCategory category, RecordSource source, String filename,
            String contentType, long size, String sha256, @Nullable LocalDate dateOfService, UserId uploadedBy,
            Instant uploadedAt) {
        this(id, caseId, category, source, filename, contentType, size, sha256, dateOfService, uploadedBy,
                uploadedAt, null, null, ScanState.UNSCANNED, null, false, null);
    }

    /** Whether the record was voided. */
    public boolean voided() {
        return voiding != null;
    }

    /** The same record under another category. */
    public MedicalRecord withCategory(RecordCategory another) {
        return new MedicalRecord(id, caseId, another, source, filename, contentType, size, sha256, dateOfService,
                uploadedBy, uploadedAt, description, origin, scanState, voiding, hasThumbnail, namedAs);
    }

    /** The same record, shown under another name (one that does not name the patient). */
    public MedicalRecord withFilename(String shown) {
        return new MedicalRecord(id, caseId, category, source, shown, contentType, size, sha256, dateOfService,
                uploadedBy, uploadedAt, description, origin, scanState, voiding, hasThumbnail, namedAs);
    }

    /** The same record, noting the name it came under when that name said another type than its bytes. */
    public MedicalRecord namedAs(String given) {
        String extension = given.lastIndexOf('.') > 0 ? given.substring(given.lastIndexOf('.')) : "";
        boolean mismatch = !extension.isEmpty() && !filename.toLowerCase(java.util.Locale.ROOT)
                .endsWith(extension.toLowerCase(java.util.Locale.ROOT));
        return new MedicalRecord(id, caseId, category, source, filename, contentType, size, sha256, dateOfService,
                uploadedBy, uploadedAt, description, origin, scanState, voiding, hasThumbnail,
                mismatch ? given : null);
    }

    /** The same record in another scan state. */
    public MedicalRecord withScanState(ScanState state) {
        return new MedicalRecord(id, caseId, category, source, filename, contentType, size, sha256, dateOfService,
                uploadedBy, uploadedAt, description, origin, state, voiding, hasThumbnail, namedAs);
    }
}
