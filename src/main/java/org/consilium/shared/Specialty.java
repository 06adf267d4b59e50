package org.consilium.shared;

import java.util.Arrays;
import java.util.List;

/**
 * The specialties a case can ask for and a specialist can practise. A patient who does not know which one their case
 * needs says so with {@link #UNSURE}; no specialist practises it, and a coordinator chooses a real one before the case
 * is offered.
 */
public enum Specialty {
    MEDICAL_ONCOLOGY("Medical oncology"),
    SURGICAL_ONCOLOGY("Surgical oncology"),
    RADIATION_ONCOLOGY("Radiation oncology"),
    HEMATOLOGY("Hematology"),
    NEUROSURGERY("Neurosurgery"),
    CARDIOLOGY("Cardiology"),
    ORTHOPEDICS("Orthopedics"),
    UNSURE("Not sure — the coordinator will choose");

    private final String label;

    Specialty(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether this names a specialty someone practises, rather than the patient's "not sure". */
    public boolean isChosen() {
        return this != UNSURE;
    }

    /** The specialties specialists practise: every value but {@link #UNSURE}. */
    public static List<Specialty> practised() {
        return Arrays.stream(values()).filter(Specialty::isChosen).toList();
    }
}
