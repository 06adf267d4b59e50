package org.consilium.records;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.UserId;

/** Why, when and by whom a record was voided: it stays listed, marked so, and is never deleted. */
public record Voiding(Instant at, UserId by, Role role, String reason) {
}
