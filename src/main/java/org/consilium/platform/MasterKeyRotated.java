package org.consilium.platform;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.UserId;

/**
 * A rotation of the master key began (or was taken up again after an interruption), or ended with the old version
 * retired. The administrator, or the local operator for {@code ./consilium keys rotate}, is the actor.
 *
 * @param detail the versions and key ids concerned, in words for the trail; never a key
 */
public record MasterKeyRotated(UserId actorId, Role actorRole, What what, String detail, Instant at) {

    /** What happened. */
    public enum What {
        STARTED("MasterKeyRotationStarted"),
        FINISHED("MasterKeyRotationFinished");

        private final String action;

        What(String action) {
            this.action = action;
        }

        /** Its name on the audit trail. */
        public String action() {
            return action;
        }
    }
}
