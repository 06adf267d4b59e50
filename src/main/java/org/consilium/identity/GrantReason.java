package org.consilium.identity;

/** Why an account may see a case. Each grant is written by the module that creates the reason. */
public enum GrantReason {
    /** The patient who opened the case. */
    OWNER,
    /** The coordinator who claimed the case at triage. */
    COORDINATOR,
    /** A specialist to whom the case is offered: the minimum needed to decide, not record content. */
    OFFERED,
    /** The specialist who accepted the case and reviews it. */
    ASSIGNED
}
