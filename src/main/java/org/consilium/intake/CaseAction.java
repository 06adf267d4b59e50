package org.consilium.intake;

import org.consilium.shared.OfferedAction;
import org.jspecify.annotations.Nullable;

/**
 * What can be done with a case, as {@link CasePolicy} decides it. Actions with a wire name are offered to clients in
 * {@code allowedActions}; the others are read rights or steps other modules take on the caller's behalf.
 */
public enum CaseAction implements OfferedAction {
    READ(null),
    /** The patient's name, birth date and contact: not for a specialist who has only been offered the case. */
    READ_PATIENT_IDENTITY(null),
    READ_ACCESS_LOG("readAccessLog"),
    EDIT("edit"),
    DISCARD("discard"),
    SUBMIT("submit"),
    WITHDRAW("withdraw"),
    /** Let someone into the case: the patient's doctor, or a caregiver, with rights the patient chooses. */
    INVITE_DELEGATE("inviteDelegate"),
    /** End the access of someone the patient let in. */
    REVOKE_DELEGATE("revokeDelegate"),
    /** See whom the patient let in: the patient's alone. */
    READ_DELEGATES(null),
    ACCEPT_AT_TRIAGE("triage"),
    DECLINE_CASE("declineCase"),
    CHANGE_SPECIALTY("changeSpecialty"),
    COMPLETE_RECORDS("completeRecords"),
    OFFER("offer"),
    ACCEPT_OFFER("accept"),
    DECLINE_OFFER("declineOffer"),
    /** Taken by review when the opinion is signed; clients see {@code sign}. */
    DELIVER_OPINION(null),
    CLOSE("close");

    private final @Nullable String wireName;

    CaseAction(@Nullable String wireName) {
        this.wireName = wireName;
    }

    /** The name in {@code allowedActions}, or null when the action is not offered to clients by that name. */
    @Override
    public @Nullable String wireName() {
        return wireName;
    }
}
