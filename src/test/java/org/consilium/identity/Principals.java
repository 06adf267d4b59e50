package org.consilium.identity;

import org.consilium.shared.UserId;

/** Principals for tests of web filters, made the way the app makes them, with the flags a test needs. */
public final class Principals {

    private Principals() {
    }

    public static AccountDetails of(String role, boolean secondFactor) {
        return new AccountDetails(new Actor(UserId.random(), Role.valueOf(role), "Test " + role, true),
                role.toLowerCase(java.util.Locale.ROOT) + "@example.org", "", 0, secondFactor);
    }
}
