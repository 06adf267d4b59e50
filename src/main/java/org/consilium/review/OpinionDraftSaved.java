package org.consilium.review;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;

/** A specialist saved a draft of an opinion. */
public record OpinionDraftSaved(CaseId caseId, OpinionId opinionId, long version, UserId actorId, Role actorRole,
        Instant at) {
}
