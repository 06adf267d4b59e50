package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * A patient let someone into a case, or ended it. On the audit trail, and shown to the patient in the case's access
 * log with what the delegate did.
 *
 * @param detail for an invitation, who they are to the patient and their rights ({@code REFERRING_PHYSICIAN
 *     view,read-report})
 */
public record DelegationChanged(CaseId caseId, UserId patient, UserId delegate, What what, @Nullable String detail,
        Instant at) {

    /** What happened. */
    public enum What {
        INVITED("DelegateInvited"),
        REVOKED("DelegateRevoked");

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
