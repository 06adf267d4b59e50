package org.consilium.identity;

import java.time.Clock;
import org.consilium.identity.internal.AccountStore;
import org.consilium.identity.internal.SignInThrottle;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Browser sign-in looks accounts up here; an email with too many recent wrong passwords is refused before its
 * password is checked, and each wrong password is counted.
 */
@Component
class AccountDetailsLookup implements UserDetailsService {

    private final AccountStore accounts;
    private final SignInThrottle throttle;
    private final Clock clock;

    AccountDetailsLookup(AccountStore accounts, SignInThrottle throttle, Clock clock) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.clock = clock;
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof String email) {
            throttle.failed(Registration.normalise(email), clock.instant());
        }
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        String normalised = Registration.normalise(email);
        if (throttle.lockedUntil(normalised, clock.instant()).isPresent()) {
            throw new LockedException("too many failed sign-ins");
        }
        return accounts.findByEmail(normalised)
                .map(IdentityManagement::details)
                .orElseThrow(() -> new UsernameNotFoundException("unknown account"));
    }
}
