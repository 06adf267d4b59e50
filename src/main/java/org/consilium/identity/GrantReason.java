package org.consilium.identity;

/** Why an account may see a case. Each grant is written by the module that creates the reason. */
public enum GrantReason {
    /** The patient who opened the case (or the proxy who opened it for them). */
    OWNER,
    /**
     * The coordinator who claimed the case at triage. A coordinator who declined the case at triage holds it only for
     * a limited time.
     */
    COORDINATOR,
    /** A specialist to whom the case is offered: the minimum needed to decide, not record content or identity. */
    OFFERED,
    /** The specialist who accepted the case and reviews it. */
    ASSIGNED,
    /** Someone the patient let in (their doctor, a caregiver), with the rights the grant carries. */
    DELEGATE,
    /**
     * A medical director or an administrator who opened the case by emergency access, with a reason: read-only, and
     * ending by itself.
     */
    BREAK_GLASS
}
