package org.consilium.records;

import java.time.Instant;
import java.util.List;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;

/**
 * A record's details were edited: its date of service, description or origin (a change of category is a
 * {@link RecordRecategorised}); the old values stay in its history.
 *
 * @param fields the names of the details changed
 */
public record RecordDetailsEdited(CaseId caseId, RecordId recordId, List<String> fields, UserId actorId,
        Role actorRole, Instant at) {

    public RecordDetailsEdited {
        fields = List.copyOf(fields);
    }
}
