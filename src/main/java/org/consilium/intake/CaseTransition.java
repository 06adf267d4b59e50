package org.consilium.intake;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * One step of a case's status timeline: what happened, when, who did it, the status it left the case in, and any
 * reason given.
 */
public record CaseTransition(Instant at, String event, UserId actorId, Role actorRole, CaseStatus status,
        @Nullable String note) {

    static CaseTransition of(CaseEvent event) {
        String note = switch (event) {
            case CaseEvent.CaseDeclined declined -> declined.reason();
            // A specialist's reason for declining is written for the coordinator; matching keeps it with the offer.
            case CaseEvent.CaseWithdrawn withdrawn -> withdrawn.reason();
            case CaseEvent.SpecialtyChanged changed -> changed.to().label()
                    + (changed.from().isChosen() ? " instead of " + changed.from().label().toLowerCase(
                            java.util.Locale.ROOT) : "") + ": " + changed.reason();
            default -> null;
        };
        return new CaseTransition(event.at(), event.type(), event.actorId(), event.actorRole(),
                event.status(), note);
    }
}
