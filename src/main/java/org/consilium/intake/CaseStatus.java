package org.consilium.intake;

/** The states of DOMAIN.md's case lifecycle. */
public enum CaseStatus {
    DRAFT("Draft"),
    SUBMITTED("Submitted"),
    COLLECTING_RECORDS("Collecting records"),
    READY_FOR_MATCHING("Ready for matching"),
    OFFERED("Offered to a specialist"),
    IN_REVIEW("In review"),
    OPINION_DELIVERED("Opinion delivered"),
    CLOSED("Closed"),
    WITHDRAWN("Withdrawn"),
    DECLINED("Declined"),
    /** A draft its patient gave up before submitting: kept with its records and history, out of their list. */
    DISCARDED("Discarded");

    private final String label;

    CaseStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isTerminal() {
        return this == CLOSED || this == WITHDRAWN || this == DECLINED || this == DISCARDED;
    }
}
