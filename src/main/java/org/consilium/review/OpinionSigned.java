package org.consilium.review;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;

/** A specialist signed an opinion; it is immutable from now on. */
public record OpinionSigned(CaseId caseId, OpinionId opinionId, String contentSha256, UserId actorId,
        Role actorRole, Instant at) {
}
