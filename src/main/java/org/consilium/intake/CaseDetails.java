package org.consilium.intake;

import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;
import org.consilium.shared.Check;
import org.consilium.shared.FieldLabels;
import org.consilium.shared.Specialty;
import org.jspecify.annotations.Nullable;

/**
 * What the case is about: the condition, the treatment so far and the plan under question, the specialty asked for
 * and how urgent it is, and, when the account holder acts for someone else, who the patient is. Optional fields are
 * null, never blank.
 */
public record CaseDetails(
        String diagnosis,
        @Nullable String icd10Code,
        @Nullable String cancerType,
        @Nullable String stage,
        @Nullable String biomarkers,
        @Nullable String treatmentSoFar,
        @Nullable String proposedPlan,
        Specialty specialty,
        Urgency urgency,
        @Nullable LocalDate decisionDeadline,
        @Nullable CaseProxy proxy) {

    /** ICD-10-CM shape: a letter, two characters, and an optional dotted extension. */
    private static final Pattern ICD10 = Pattern.compile("^[A-TV-Z][0-9][0-9AB](\\.[0-9A-TV-Z]{1,4})?$");

    public CaseDetails {
        Objects.requireNonNull(specialty, "specialty");
        Objects.requireNonNull(urgency, "urgency");
        diagnosis = Objects.requireNonNull(Check.trimToNull(diagnosis), "diagnosis");
        icd10Code = Check.trimToNull(icd10Code);
        if (icd10Code != null) {
            icd10Code = icd10Code.toUpperCase(java.util.Locale.ROOT);
        }
        cancerType = Check.trimToNull(cancerType);
        stage = Check.trimToNull(stage);
        biomarkers = Check.trimToNull(biomarkers);
        treatmentSoFar = Check.trimToNull(treatmentSoFar);
        proposedPlan = Check.trimToNull(proposedPlan);
    }

    /** The same details without who the patient is, for a caller who may not know. */
    public CaseDetails withoutProxy() {
        return new CaseDetails(diagnosis, icd10Code, cancerType, stage, biomarkers, treatmentSoFar, proposedPlan,
                specialty, urgency, decisionDeadline, null);
    }

    /** The same details asking for another specialty. */
    public CaseDetails withSpecialty(Specialty another) {
        return new CaseDetails(diagnosis, icd10Code, cancerType, stage, biomarkers, treatmentSoFar, proposedPlan,
                another, urgency, decisionDeadline, proxy);
    }

    /** Checks text fields as they arrive, so every problem is reported together with the other fields'. */
    public static void check(Check check, @Nullable String diagnosis, @Nullable String icd10Code,
            @Nullable String cancerType, @Nullable String stage, @Nullable String biomarkers,
            @Nullable String treatmentSoFar, @Nullable String proposedPlan) {
        check.required("diagnosis", diagnosis, 500)
                .maxLength("cancerType", cancerType, 200)
                .maxLength("stage", stage, 50)
                .maxLength("biomarkers", biomarkers, 2000)
                .maxLength("treatmentSoFar", treatmentSoFar, 5000)
                .maxLength("proposedPlan", proposedPlan, 5000);
        String code = Check.trimToNull(icd10Code);
        check.that(code == null || ICD10.matcher(code.toUpperCase(java.util.Locale.ROOT)).matches(), "icd10Code",
                FieldLabels.of("icd10Code") + " must look like C50.9 or C7A.1 (a letter, a digit, a digit or A/B, then an optional dot "
                        + "and up to four characters)");
    }
}
