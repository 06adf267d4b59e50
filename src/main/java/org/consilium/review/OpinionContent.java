package org.consilium.review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.consilium.intake.Question;
import org.consilium.intake.QuestionId;
import org.consilium.shared.Check;
import org.jspecify.annotations.Nullable;

/**
 * What the specialist writes. A draft may be incomplete; {@link #missingForSignature} says what signing still needs.
 *
 * @param answers answer text by question, in the case's question order
 */
public record OpinionContent(
        @Nullable DiagnosisAssessment diagnosisAssessment,
        @Nullable String revisedDiagnosis,
        @Nullable PlanRecommendation planRecommendation,
        @Nullable String recommendedPlan,
        Map<QuestionId, String> answers,
        List<String> furtherTests,
        @Nullable String patientSummary) {

    public static final int MAX_TEXT = 20_000;
    public static final int MAX_TESTS = 30;

    public OpinionContent {
        revisedDiagnosis = Check.trimToNull(revisedDiagnosis);
        recommendedPlan = Check.trimToNull(recommendedPlan);
        patientSummary = Check.trimToNull(patientSummary);
        answers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answers));
        furtherTests = List.copyOf(furtherTests);
    }

    public static OpinionContent empty() {
        return new OpinionContent(null, null, null, null, Map.of(), List.of(), null);
    }

    /** Everything signing still needs, in words the specialist can act on; empty when the opinion can be signed. */
    public List<String> missingForSignature(List<Question> questions) {
        List<String> missing = new ArrayList<>();
        if (diagnosisAssessment == null) {
            missing.add("the diagnosis assessment");
        } else if (diagnosisAssessment != DiagnosisAssessment.CONFIRMED && revisedDiagnosis == null) {
            missing.add("the revised diagnosis");
        }
        if (planRecommendation == null) {
            missing.add("the plan recommendation");
        } else if (planRecommendation != PlanRecommendation.AGREE && recommendedPlan == null) {
            missing.add("the recommended plan");
        }
        for (int i = 0; i < questions.size(); i++) {
            String answer = answers.get(questions.get(i).id());
            if (answer == null || answer.isBlank()) {
                missing.add("an answer to question " + (i + 1) + " (" + questions.get(i).kind().label() + ")");
            }
        }
        if (patientSummary == null) {
            missing.add("the plain-language summary for the patient");
        }
        return missing;
    }
}
