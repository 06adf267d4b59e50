package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.UserId;

/**
 * Someone invited as staff chose their password: their account is active, with the role they were invited to. Other
 * modules finish what the invitation began (the directory lists an invited specialist from now on). Published in the
 * transaction that activates the account.
 */
public record InvitationAccepted(InvitationId invitationId, UserId accountId, String email, Role role,
        String displayName, Instant at) {
}
