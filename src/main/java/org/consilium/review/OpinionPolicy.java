package org.consilium.review;

import java.util.List;
import java.util.Locale;
import org.consilium.identity.DelegateRight;
import org.consilium.identity.GrantReason;
import org.consilium.identity.Role;
import org.consilium.intake.CaseAction;
import org.consilium.intake.CaseStatus;
import org.consilium.intake.CaseView;
import org.consilium.shared.Decision;
import org.consilium.shared.OfferedAction;
import org.jspecify.annotations.Nullable;

/**
 * Who may write, sign and read a case's opinion: the reviewing specialist writes and signs while the case is in review;
 * the patient, the case's coordinator and the reviewer read it once it is signed, never before.
 */
public final class OpinionPolicy {

    private OpinionPolicy() {
    }

    /** What can be done with a case's opinion. */
    public enum OpinionAction implements OfferedAction {
        WRITE("writeOpinion"),
        SIGN("sign"),
        /** The draft, before signing: only its author. */
        READ_DRAFT(null),
        READ_SIGNED("readOpinion");

        private final @Nullable String wireName;

        OpinionAction(@Nullable String wireName) {
            this.wireName = wireName;
        }

        @Override
        public @Nullable String wireName() {
            return wireName;
        }
    }

    /**
     * Decides an opinion action on the case; {@code opinion} is the status of the case's opinion, null when none was
     * started.
     */
    public static Decision decide(CaseView c, OpinionAction action, @Nullable OpinionStatus opinion) {
        return c.decide(CaseAction.READ).and(() -> switch (action) {
            case WRITE, SIGN -> reviewer(c, "only the specialist reviewing this case writes its opinion")
                    .and(() -> c.status() == CaseStatus.IN_REVIEW ? Decision.allowed()
                            : Decision.wrongState(opinion == OpinionStatus.SIGNED
                                    ? "the opinion is already signed and can no longer be changed; corrections will "
                                            + "be amendments"
                                    : "the opinion can be written only while the case is in review; this case is "
                                            + c.status().label().toLowerCase(Locale.ROOT)));
            case READ_DRAFT -> reviewer(c, "only the specialist writing the opinion sees its draft");
            case READ_SIGNED -> readers(c).and(() -> opinion == OpinionStatus.SIGNED ? Decision.allowed()
                    : Decision.wrongState("the opinion is not signed yet"));
        });
    }

    /**
     * The opinion actions the caller may take now, by their wire names, without loading the opinion: it is signed
     * exactly when the case was delivered (signing delivers it, in the same transaction), so the case's state tells.
     */
    public static List<String> allowedActionNames(CaseView c) {
        boolean delivered = c.status() == CaseStatus.OPINION_DELIVERED || c.status() == CaseStatus.CLOSED;
        return allowedActionNames(c, delivered ? OpinionStatus.SIGNED : null);
    }

    /** The opinion actions the caller may take now, by their wire names. */
    public static List<String> allowedActionNames(CaseView c, @Nullable OpinionStatus opinion) {
        return OfferedAction.allowedNames(OpinionAction.values(), a -> decide(c, a, opinion).isAllowed());
    }

    private static Decision reviewer(CaseView c, String reason) {
        return c.relation().is(Role.SPECIALIST) && c.relation().holds(GrantReason.ASSIGNED) ? Decision.allowed()
                : Decision.forbidden(reason);
    }

    private static Decision readers(CaseView c) {
        return c.relation().holds(GrantReason.OWNER) || c.relation().holds(GrantReason.COORDINATOR)
                || c.relation().holds(GrantReason.ASSIGNED) || c.relation().delegated(DelegateRight.READ_REPORT)
                || c.relation().holds(GrantReason.BREAK_GLASS)
                ? Decision.allowed()
                : Decision.forbidden("only the patient, those they let read it, the case's coordinator and the "
                        + "reviewing specialist read the opinion");
    }
}
