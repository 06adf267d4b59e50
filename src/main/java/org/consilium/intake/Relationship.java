package org.consilium.intake;

/** How someone who opens a case for another person is related to them. */
public enum Relationship {
    PARENT("Parent", "your child"),
    LEGAL_GUARDIAN("Legal guardian", "in your guardianship"),
    SPOUSE_OR_PARTNER("Spouse or partner", "your spouse or partner"),
    ADULT_CHILD("Adult child", "your parent"),
    OTHER_RELATIVE("Other relative", "your relative"),
    CAREGIVER("Caregiver", "in your care"),
    HEALTH_CARE_AGENT("Health-care agent (power of attorney)", "whom you act for as health-care agent");

    private final String label;
    private final String patientToYou;

    Relationship(String label, String patientToYou) {
        this.label = label;
        this.patientToYou = patientToYou;
    }

    /**
     * The patient as seen from the account holder who acts for them, for a page that speaks to the account holder:
     * "for Lucas Santos, your child".
     */
    public String patientToYou() {
        return patientToYou;
    }

    public String label() {
        return label;
    }

    /** Whether this relationship may act for a minor. */
    public boolean isGuardian() {
        return this == PARENT || this == LEGAL_GUARDIAN;
    }
}
