package org.consilium.records;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * One change of one of a record's details, kept as history: which field, what it was and became (null when empty),
 * who changed it and when. A change of category is a {@link CategoryChange}.
 *
 * @param field the detail's stored name: {@code dateOfService}, {@code description} or {@code origin}
 */
public record DetailChange(RecordId recordId, String field, @Nullable String from, @Nullable String to,
        UserId changedBy, Role changedByRole, Instant at) {
}
