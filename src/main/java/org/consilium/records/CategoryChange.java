package org.consilium.records;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.UserId;

/** One change of a record's category, kept as history: what it was, what it became, who changed it and when. */
public record CategoryChange(RecordId recordId, RecordCategory from, RecordCategory to, UserId changedBy,
        Role changedByRole, Instant at) {
}
