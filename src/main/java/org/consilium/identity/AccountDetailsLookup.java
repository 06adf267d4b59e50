package org.consilium.identity;

import org.consilium.identity.internal.AccountStore;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Browser sign-in looks accounts up here; the attempt was counted before (see {@code SignInAttemptFilter}). */
@Component
class AccountDetailsLookup implements UserDetailsService {

    private final AccountStore accounts;

    AccountDetailsLookup(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return accounts.findByEmail(Registration.normalise(email))
                .map(IdentityManagement::details)
                .orElseThrow(() -> new UsernameNotFoundException("unknown account"));
    }
}
