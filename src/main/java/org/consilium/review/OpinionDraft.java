package org.consilium.review;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consilium.intake.Question;
import org.consilium.intake.QuestionId;
import org.consilium.shared.Check;
import org.consilium.shared.FieldLabels;
import org.jspecify.annotations.Nullable;

/** An opinion draft as it arrives from a form or request, not yet checked. */
public record OpinionDraft(@Nullable String diagnosisAssessment, @Nullable String revisedDiagnosis,
        @Nullable String planRecommendation, @Nullable String recommendedPlan, @Nullable List<RawAnswer> answers,
        @Nullable List<String> furtherTests, @Nullable String patientSummary) {

    public record RawAnswer(@Nullable String questionId, @Nullable String text) {
    }

    /** Checks the draft against the case's questions and reports every problem at once. */
    public OpinionContent toContent(List<Question> questions) {
        Check check = new Check();
        DiagnosisAssessment assessment = check.oneOf("diagnosisAssessment", diagnosisAssessment,
                DiagnosisAssessment.class, false);
        PlanRecommendation plan = check.oneOf("planRecommendation", planRecommendation, PlanRecommendation.class,
                false);
        check.maxLength("revisedDiagnosis", revisedDiagnosis, OpinionContent.MAX_TEXT)
                .maxLength("recommendedPlan", recommendedPlan, OpinionContent.MAX_TEXT)
                .maxLength("patientSummary", patientSummary, OpinionContent.MAX_TEXT);
        Map<QuestionId, String> byQuestion = new LinkedHashMap<>();
        List<RawAnswer> given = answers == null ? List.of() : answers;
        for (int i = 0; i < given.size(); i++) {
            RawAnswer answer = given.get(i);
            String field = "answers[" + i + "]";
            QuestionId id = questionOf(answer == null ? null : answer.questionId(), questions);
            if (id == null) {
                check.that(false, field + ".questionId",
                        FieldLabels.of(field + ".questionId") + " is not a question of this case");
                continue;
            }
            check.that(!byQuestion.containsKey(id), field + ".questionId", "the question is answered twice");
            String text = Check.trimToNull(answer.text());
            check.maxLength(field + ".text", text, OpinionContent.MAX_TEXT);
            if (text != null) {
                byQuestion.put(id, text);
            }
        }
        List<String> tests = (furtherTests == null ? List.<String>of() : furtherTests).stream()
                .map(Check::trimToNull)
                .filter(java.util.Objects::nonNull)
                .toList();
        check.that(tests.size() <= OpinionContent.MAX_TESTS, "furtherTests",
                "list at most " + OpinionContent.MAX_TESTS + " further tests");
        for (int i = 0; i < tests.size(); i++) {
            check.maxLength("furtherTests[" + i + "]", tests.get(i), 500);
        }
        check.orThrow();
        Map<QuestionId, String> ordered = new LinkedHashMap<>();
        for (Question q : questions) {
            if (byQuestion.containsKey(q.id())) {
                ordered.put(q.id(), byQuestion.get(q.id()));
            }
        }
        return new OpinionContent(assessment, revisedDiagnosis, plan, recommendedPlan, ordered, tests,
                patientSummary);
    }

    private static @Nullable QuestionId questionOf(@Nullable String text, List<Question> questions) {
        if (text == null) {
            return null;
        }
        try {
            QuestionId id = new QuestionId(UUID.fromString(text.strip()));
            return questions.stream().anyMatch(q -> q.id().equals(id)) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
