package org.consilium.shared;

/** The specialties a case can ask for and a specialist can practise. */
public enum Specialty {
    MEDICAL_ONCOLOGY("Medical oncology"),
    SURGICAL_ONCOLOGY("Surgical oncology"),
    RADIATION_ONCOLOGY("Radiation oncology"),
    HEMATOLOGY("Hematology"),
    NEUROSURGERY("Neurosurgery"),
    CARDIOLOGY("Cardiology"),
    ORTHOPEDICS("Orthopedics");

    private final String label;

    Specialty(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
