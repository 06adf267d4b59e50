package org.consilium.intake;

import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;
import org.consilium.shared.Check;
import org.consilium.shared.FieldLabels;

/**
 * The case is about someone other than the account holder, who acts for them and states how they are related.
 * A minor's case must be opened by a parent or legal guardian.
 */
public record CaseProxy(String patientName, LocalDate patientBirthDate, Relationship relationship) {

    public static final int ADULT_AGE = 18;

    public CaseProxy {
        patientName = Objects.requireNonNull(Check.trimToNull(patientName), "patientName");
        Objects.requireNonNull(patientBirthDate, "patientBirthDate");
        Objects.requireNonNull(relationship, "relationship");
    }

    public boolean isMinorOn(LocalDate today) {
        return Period.between(patientBirthDate, today).getYears() < ADULT_AGE;
    }

    /** Adds the rules that depend on the day the case is opened to {@code check}. */
    Check checkOn(Check check, LocalDate today) {
        return check
                .that(!patientBirthDate.isAfter(today), "patientBirthDate",
                        FieldLabels.of("patientBirthDate") + " is in the future")
                .that(!isMinorOn(today) || relationship.isGuardian(), "relationship",
                        "the patient is under " + ADULT_AGE + ", so the case must be opened by a parent or legal "
                                + "guardian");
    }
}
