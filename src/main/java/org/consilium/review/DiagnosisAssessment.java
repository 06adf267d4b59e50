package org.consilium.review;

/** The specialist's view of the diagnosis the case came with. */
public enum DiagnosisAssessment {
    CONFIRMED("Diagnosis confirmed"),
    MODIFIED("Diagnosis modified"),
    CHANGED("Diagnosis changed");

    private final String label;

    DiagnosisAssessment(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
