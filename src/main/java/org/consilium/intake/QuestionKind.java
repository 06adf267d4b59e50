package org.consilium.intake;

/** What a patient's question is about. */
public enum QuestionKind {
    TREATMENT_OPTIONS("Treatment options"),
    RISKS_AND_BENEFITS("Risks and benefits"),
    ADDITIONAL_TESTS("Additional tests or imaging"),
    QUALITY_OF_LIFE("Quality of life"),
    OUTCOME_LIKELIHOOD("Chance of a better outcome"),
    OTHER("Other");

    private final String label;

    QuestionKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
