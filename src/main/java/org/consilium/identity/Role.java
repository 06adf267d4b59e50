package org.consilium.identity;

/** The roles of DOMAIN.md. An account holds exactly one. */
public enum Role {
    PATIENT,
    REFERRING_PHYSICIAN,
    RECORDS_PROVIDER,
    COORDINATOR,
    SPECIALIST,
    MEDICAL_DIRECTOR,
    SPONSOR_ADMIN,
    BILLING_ADMIN,
    ADMIN;

    /** How the role reads in the UI and in timelines. */
    public String label() {
        String lower = name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
