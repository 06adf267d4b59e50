package org.consilium.records;

import java.time.Instant;
import org.consilium.shared.CaseId;
import org.jspecify.annotations.Nullable;

/**
 * The malware scanner answered about a record (no person acted).
 *
 * @param finding what the scanner named, for an infected record; null otherwise
 */
public record RecordScanned(CaseId caseId, RecordId recordId, ScanState state, @Nullable String finding,
        Instant at) {
}
