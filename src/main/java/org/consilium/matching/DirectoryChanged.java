package org.consilium.matching;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.UserId;

/**
 * The directory changed: a center was added or edited, a specialist invited, listed on accepting, or their profile
 * edited. Holds no patient data; goes on the audit trail.
 *
 * @param detail what changed, in words for the trail (the center's name, the specialist's directory id)
 */
public record DirectoryChanged(UserId actorId, Role actorRole, What what, String detail, Instant at) {

    /** What changed. */
    public enum What {
        CENTER_ADDED("CenterAdded"),
        CENTER_EDITED("CenterEdited"),
        SPECIALIST_INVITED("SpecialistInvited"),
        SPECIALIST_LISTED("SpecialistListed"),
        /** Taken off the directory: their account was suspended or given another role. */
        SPECIALIST_DELISTED("SpecialistDelisted"),
        PROFILE_EDITED("SpecialistProfileEdited"),
        /** A staff member was appointed to administer a center: they invite its specialists. */
        CENTER_ADMINISTRATOR_APPOINTED("CenterAdministratorAppointed"),
        /** A center administrator's appointment ended. */
        CENTER_ADMINISTRATOR_ENDED("CenterAdministratorEnded");

        private final String action;

        What(String action) {
            this.action = action;
        }

        public String action() {
            return action;
        }
    }
}
