package org.consilium.intake;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.consilium.shared.Check;
import org.consilium.shared.FieldLabels;
import org.consilium.shared.Specialty;
import org.jspecify.annotations.Nullable;

/** What a patient fills in to open a case, checked as a whole. */
public record OpenCase(CaseDetails details, List<NewQuestion> questions) {

    /** A question as asked, before it has an id. */
    public record NewQuestion(QuestionKind kind, String text) {
    }

    /** A question as it arrives from a form or a request, not yet checked. */
    public record RawQuestion(@Nullable String kind, @Nullable String text) {
    }

    /** A case the account holder opens about themself. */
    public static OpenCase parse(@Nullable String diagnosis, @Nullable String icd10Code, @Nullable String cancerType,
            @Nullable String stage, @Nullable String biomarkers, @Nullable String treatmentSoFar,
            @Nullable String proposedPlan, @Nullable String specialty, @Nullable String urgency,
            @Nullable String decisionDeadline, @Nullable List<RawQuestion> rawQuestions) {
        return parse(diagnosis, icd10Code, cancerType, stage, biomarkers, treatmentSoFar, proposedPlan, specialty,
                urgency, decisionDeadline, rawQuestions, RawProxy.SELF);
    }

    /** Who the case is for, as it arrives: {@code forWhom} is {@code SELF} (or blank) or {@code SOMEONE_ELSE}. */
    public record RawProxy(@Nullable String forWhom, @Nullable String patientName, @Nullable String patientBirthDate,
            @Nullable String relationship) {

        public static final RawProxy SELF = new RawProxy("SELF", null, null, null);
    }

    /** Who a case is for. */
    public enum ForWhom {
        SELF,
        SOMEONE_ELSE
    }

    /** Checks every field and question and reports all problems at once. */
    public static OpenCase parse(@Nullable String diagnosis, @Nullable String icd10Code, @Nullable String cancerType,
            @Nullable String stage, @Nullable String biomarkers, @Nullable String treatmentSoFar,
            @Nullable String proposedPlan, @Nullable String specialty, @Nullable String urgency,
            @Nullable String decisionDeadline, @Nullable List<RawQuestion> rawQuestions, RawProxy rawProxy) {
        Check check = new Check();
        CaseProxy proxy = proxy(check, rawProxy);
        CaseDetails.check(check, diagnosis, icd10Code, cancerType, stage, biomarkers, treatmentSoFar, proposedPlan);
        Specialty parsedSpecialty = check.oneOf("specialty", specialty, Specialty.class, true);
        Urgency parsedUrgency = check.oneOf("urgency", urgency, Urgency.class, false);
        LocalDate deadline = check.date("decisionDeadline", decisionDeadline, "2026-12-31");
        List<NewQuestion> questions = new ArrayList<>();
        List<RawQuestion> raw = rawQuestions == null ? List.of() : rawQuestions;
        long asked = raw.stream()
                .filter(q -> q != null && Check.trimToNull(q.text()) != null)
                .count();
        check.that(asked > 0, "questions", "ask at least one question")
                .that(asked <= SecondOpinionCase.MAX_QUESTIONS, "questions",
                        "ask at most " + SecondOpinionCase.MAX_QUESTIONS + " questions; this asks " + asked);
        for (int i = 0; i < raw.size(); i++) {
            RawQuestion q = raw.get(i);
            if (q == null || Check.trimToNull(q.text()) == null) {
                continue;
            }
            // Named by its position in the request, blank ones included, so a client can point at it.
            String field = "questions[" + i + "]";
            QuestionKind kind = check.oneOf(field + ".kind", q.kind(), QuestionKind.class, true);
            String text = Check.trimToNull(q.text());
            check.maxLength(field + ".text", text, Question.MAX_TEXT);
            if (kind != null && text != null) {
                questions.add(new NewQuestion(kind, text));
            }
        }
        check.orThrow();
        CaseDetails details = new CaseDetails(diagnosis, icd10Code, cancerType, stage, biomarkers, treatmentSoFar,
                proposedPlan, parsedSpecialty, parsedUrgency == null ? Urgency.ROUTINE : parsedUrgency, deadline,
                proxy);
        return new OpenCase(details, questions);
    }

    private static @Nullable CaseProxy proxy(Check check, RawProxy raw) {
        ForWhom forWhom = check.oneOf("forWhom", raw.forWhom(), ForWhom.class, false);
        if (forWhom != ForWhom.SOMEONE_ELSE) {
            return null;
        }
        check.required("patientName", raw.patientName(), 200);
        Relationship relationship = check.oneOf("relationship", raw.relationship(), Relationship.class, true);
        check.that(Check.trimToNull(raw.patientBirthDate()) != null, "patientBirthDate",
                FieldLabels.of("patientBirthDate") + " is required for a case opened for someone else");
        LocalDate birthDate = check.date("patientBirthDate", raw.patientBirthDate(), "1961-04-30");
        if (!check.ok() || birthDate == null || relationship == null) {
            return null;
        }
        return new CaseProxy(raw.patientName(), birthDate, relationship);
    }
}
