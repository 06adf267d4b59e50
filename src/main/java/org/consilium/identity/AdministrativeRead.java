package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.UserId;

/** An administrator read an operational endpoint (metrics, settings, the audit verification), named by its path. */
public record AdministrativeRead(UserId actorId, Role actorRole, String what, Instant at) {
}
