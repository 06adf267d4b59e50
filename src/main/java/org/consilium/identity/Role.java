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

    /** The roles that see other people's cases or keep the service, as opposed to patients and their delegates. */
    public boolean isStaff() {
        return switch (this) {
            case COORDINATOR, SPECIALIST, MEDICAL_DIRECTOR, SPONSOR_ADMIN, BILLING_ADMIN, ADMIN -> true;
            case PATIENT, REFERRING_PHYSICIAN, RECORDS_PROVIDER -> false;
        };
    }

    /** How the role reads in the UI and in timelines. */
    public String label() {
        String lower = name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
