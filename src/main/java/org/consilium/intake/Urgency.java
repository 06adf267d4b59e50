package org.consilium.intake;

/** How soon the patient needs the opinion. */
public enum Urgency {
    ROUTINE("Routine"),
    URGENT("Urgent: a treatment decision is near");

    private final String label;

    Urgency(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
