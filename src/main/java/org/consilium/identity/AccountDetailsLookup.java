package org.consilium.identity;

import org.consilium.identity.internal.AccessTokenStore;
import org.consilium.identity.internal.AccountStore;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Browser sign-in looks accounts up here; the attempt was counted before (see {@code SignInAttemptFilter}). An account
 * whose address is not confirmed yet, or that is suspended, is answered with a hash no password matches, so its sign-in fails like a wrong
 * password, in as much time and with the same words.
 */
@Component
class AccountDetailsLookup implements UserDetailsService {

    private final AccountStore accounts;
    private final String unmatchable;

    AccountDetailsLookup(AccountStore accounts, PasswordEncoder passwords) {
        this.accounts = accounts;
        this.unmatchable = passwords.encode(AccessTokenStore.newSecret());
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return accounts.findByEmail(Registration.normalise(email))
                .map(row -> row.usable() ? IdentityManagement.details(row)
                        : IdentityManagement.details(row).withPasswordHash(unmatchable))
                .orElseThrow(() -> new UsernameNotFoundException("unknown account"));
    }
}
