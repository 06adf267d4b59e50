package org.consilium.review;

/** The specialist's view of the treatment plan under question. */
public enum PlanRecommendation {
    AGREE("Agrees with the proposed plan"),
    MODIFY("Recommends changes to the plan"),
    ALTERNATIVE("Recommends an alternative plan");

    private final String label;

    PlanRecommendation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
