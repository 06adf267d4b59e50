package org.consilium.intake;

/** How someone who opens a case for another person is related to them. */
public enum Relationship {
    PARENT("Parent"),
    LEGAL_GUARDIAN("Legal guardian"),
    SPOUSE_OR_PARTNER("Spouse or partner"),
    ADULT_CHILD("Adult child"),
    OTHER_RELATIVE("Other relative"),
    CAREGIVER("Caregiver"),
    HEALTH_CARE_AGENT("Health-care agent (power of attorney)");

    private final String label;

    Relationship(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether this relationship may act for a minor. */
    public boolean isGuardian() {
        return this == PARENT || this == LEGAL_GUARDIAN;
    }
}
