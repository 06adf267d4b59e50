package org.consilium.identity;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who must sign in with a second factor: in production every staff role
 * ({@code consilium.security.staff-second-factor}); patients may choose to. A staff member without one can only set
 * one up, in the browser, until they have, unless they signed in by single sign-on and their identity provider asked
 * for a second factor.
 */
@Component
public class SecondFactorPolicy {

    private final boolean staffRequired;

    public SecondFactorPolicy(@Value("${consilium.security.staff-second-factor:false}") boolean staffRequired) {
        this.staffRequired = staffRequired;
    }

    /**
     * Whether the account may act only once it has set up a second factor. A session whose sign-in had a second factor
     * elsewhere (the organization's identity provider asked for one) needs none of Consilium's own.
     */
    public boolean mustEnrol(AccountDetails account) {
        AuthenticationContext authentication = account.authentication();
        return mustEnrol(account.actor().role(), account.secondFactor()
                || (authentication != null && authentication.multiFactor()));
    }

    boolean mustEnrol(Role role, boolean enrolled) {
        return staffRequired && role.isStaff() && !enrolled;
    }

    public boolean staffRequired() {
        return staffRequired;
    }
}
