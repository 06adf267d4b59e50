package org.consilium.shared;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each input field is called in words. Fields keep their JSON names in the API ({@code errors[].field}); the
 * messages about them, on pages and in the API alike, use these words: "Patient's name is required", never
 * "patientName is required". The one mapping for every module's fields, so no template spells a label of its own.
 */
public final class FieldLabels {

    private static final Map<String, String> LABELS = Map.ofEntries(
            // a case and who it is for
            Map.entry("diagnosis", "Diagnosis"),
            Map.entry("icd10Code", "ICD-10 code"),
            Map.entry("cancerType", "Cancer type"),
            Map.entry("stage", "Stage"),
            Map.entry("biomarkers", "Biomarkers or mutations"),
            Map.entry("treatmentSoFar", "Treatment so far"),
            Map.entry("proposedPlan", "The treatment plan you were offered"),
            Map.entry("specialty", "Specialty"),
            Map.entry("urgency", "Urgency"),
            Map.entry("decisionDeadline", "Date of a treatment decision"),
            Map.entry("questions", "Questions"),
            Map.entry("forWhom", "Who the case is for"),
            Map.entry("patientName", "Patient's name"),
            Map.entry("patientBirthDate", "Patient's date of birth"),
            Map.entry("relationship", "Your relationship to the patient"),
            Map.entry("reason", "Reason"),
            Map.entry("decision", "Decision"),
            // accounts
            Map.entry("email", "Email"),
            Map.entry("username", "Email"),
            Map.entry("displayName", "Name"),
            Map.entry("password", "Password"),
            Map.entry("currentPassword", "Current password"),
            Map.entry("newPassword", "New password"),
            Map.entry("acceptPrivacyNoticeAndTerms", "Acceptance of the privacy notice and terms"),
            Map.entry("token", "Link"),
            Map.entry("refresh_token", "Refresh token"),
            Map.entry("otp", "One-time code"),
            Map.entry("scope", "Scope"),
            Map.entry("expiresInDays", "Days it works"),
            Map.entry("role", "Role"),
            // records
            Map.entry("file", "File"),
            Map.entry("category", "Category"),
            Map.entry("dateOfService", "Date of service"),
            Map.entry("description", "Description"),
            Map.entry("origin", "Issued by"),
            Map.entry("q", "Search"),
            // matching and the directory
            Map.entry("specialistId", "Specialist"),
            Map.entry("name", "Name"),
            Map.entry("city", "City"),
            Map.entry("country", "Country"),
            Map.entry("timeZone", "Time zone"),
            Map.entry("specialties", "Specialties"),
            Map.entry("title", "Title"),
            Map.entry("languages", "Languages"),
            Map.entry("centerId", "Center"),
            // the opinion
            Map.entry("diagnosisAssessment", "Assessment of the diagnosis"),
            Map.entry("revisedDiagnosis", "Revised diagnosis"),
            Map.entry("planRecommendation", "Recommendation on the plan"),
            Map.entry("recommendedPlan", "Recommended plan"),
            Map.entry("answers", "Answers"),
            Map.entry("furtherTests", "Further tests"),
            Map.entry("patientSummary", "Summary for the patient"),
            Map.entry("confirm", "Confirmation"),
            // lists
            Map.entry("cursor", "Cursor"),
            Map.entry("limit", "Limit"));

    /** An element of a list ({@code questions[2]}), or a part of one ({@code questions[2].text}). */
    private static final Pattern ELEMENT = Pattern.compile("(\\w+)\\[(\\d+)](?:\\.(\\w+))?");

    private FieldLabels() {
    }

    /** The field's words, counting list elements from 1; a field without words keeps its name. */
    public static String of(String field) {
        String label = LABELS.get(field);
        if (label != null) {
            return label;
        }
        Matcher element = ELEMENT.matcher(field);
        if (!element.matches()) {
            return field;
        }
        String list = element.group(1);
        int number = Integer.parseInt(element.group(2)) + 1;
        String part = element.group(3);
        return switch (list) {
            case "questions" -> "kind".equals(part) ? "The topic of question " + number : "Question " + number;
            case "answers" -> "questionId".equals(part) ? "The question of answer " + number : "Answer " + number;
            case "furtherTests" -> "Further test " + number;
            default -> field;
        };
    }

    /** Whether the field has words of its own, rather than its name: for tests that every field a form uses does. */
    public static boolean hasWords(String field) {
        return !of(field).equals(field);
    }
}
