package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * An administrator (or the local operator) made, changed or suspended someone's account, or tried to and was refused.
 * Every one goes on the audit trail under the administrator's name.
 *
 * @param accountId the account acted on, when there is one (an invitation to a taken address names the holder)
 * @param accountRole the account's role after the change, when an account was acted on
 * @param detail what changed, in words for the trail: the role given, the reason of a suspension
 * @param refusal why the attempt was refused, or null when it was carried out
 */
public record AccountAdministered(UserId actorId, Role actorRole, @Nullable UserId accountId,
        @Nullable Role accountRole, What what, @Nullable String detail, @Nullable String refusal, Instant at) {

    /** What was done. */
    public enum What {
        FIRST_ADMINISTRATOR_CREATED("FirstAdministratorCreated"),
        INVITED("AccountInvited"),
        /** The address has an account: nothing changed, its holder was told; the inviter was answered "sent". */
        INVITED_TAKEN_ADDRESS("InvitationToTakenAddress"),
        ROLE_CHANGED("RoleChanged"),
        SUSPENDED("AccountSuspended"),
        REACTIVATED("AccountReactivated");

        private final String action;

        What(String action) {
            this.action = action;
        }

        /** Its name on the audit trail. */
        public String action() {
            return action;
        }
    }

    public boolean refused() {
        return refusal != null;
    }
}
