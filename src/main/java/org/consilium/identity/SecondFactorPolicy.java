package org.consilium.identity;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who must sign in with a second factor: in production every staff role
 * ({@code consilium.security.staff-second-factor}); patients may choose to. A staff member without one can only set
 * one up, in the browser, until they have.
 */
@Component
public class SecondFactorPolicy {

    private final boolean staffRequired;

    public SecondFactorPolicy(@Value("${consilium.security.staff-second-factor:false}") boolean staffRequired) {
        this.staffRequired = staffRequired;
    }

    /** Whether the account may act only once it has set up a second factor. */
    public boolean mustEnrol(AccountDetails account) {
        return mustEnrol(account.actor().role(), account.secondFactor());
    }

    boolean mustEnrol(Role role, boolean enrolled) {
        return staffRequired && role.isStaff() && !enrolled;
    }

    public boolean staffRequired() {
        return staffRequired;
    }
}
