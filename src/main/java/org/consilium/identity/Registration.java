package org.consilium.identity;

import org.consilium.shared.Check;
import org.consilium.shared.FieldLabels;
import org.jspecify.annotations.Nullable;

/**
 * A request for a new account. Its constructor checks every field and reports all problems at once.
 *
 * @param acceptedNotices whether the person accepted the current privacy notice and terms of use
 */
public record Registration(String email, String displayName, String password, Role role, boolean acceptedNotices) {

    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 128;

    public Registration {
        check(email, displayName, password, acceptedNotices, false).orThrow();
        email = normalise(email);
        displayName = displayName.strip();
    }

    /**
     * A patient signing up for themselves, with a password they chose: besides its length, it must not be too easy to
     * guess ({@link PasswordPolicy}). Every problem is reported at once.
     */
    public static Registration patient(@Nullable String email, @Nullable String displayName, @Nullable String password,
            boolean acceptedNotices) {
        check(email, displayName, password, acceptedNotices, true).orThrow();
        return new Registration(email, displayName, password, Role.PATIENT, acceptedNotices);
    }

    private static Check check(@Nullable String email, @Nullable String displayName, @Nullable String password,
            boolean acceptedNotices, boolean chosenPassword) {
        Check check = new Check()
                .required("email", email, 254)
                .that(email == null || email.isBlank() || Check.isEmailAddress(email.strip()), "email",
                        FieldLabels.of("email") + " must be an address like name@example.org")
                .required("displayName", displayName, 120)
                .that(password != null && password.length() >= MIN_PASSWORD, "password",
                        FieldLabels.of("password") + " must have at least " + MIN_PASSWORD + " characters")
                .maxLength("password", password, MAX_PASSWORD)
                .that(acceptedNotices, "acceptPrivacyNoticeAndTerms", "you must accept the privacy notice and the terms of use");
        if (chosenPassword && password != null && !check.has("password")) {
            PasswordPolicy.weakness(password, email, displayName).ifPresent(why ->
                    check.that(false, "password", FieldLabels.of("password") + " " + why));
        }
        return check;
    }

    static String normalise(String email) {
        return Check.normalisedEmail(email);
    }
}
