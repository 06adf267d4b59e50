package org.consilium.identity;

import java.time.Duration;
import org.consilium.identity.internal.AccessTokenStore;
import org.consilium.identity.internal.AccountLinkStore;
import org.consilium.identity.internal.AccountStore;
import org.consilium.identity.internal.SignInThrottle;
import org.consilium.shared.Purge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    /** Access tokens kept a day past their expiry or revocation, then deleted. */
    @Bean
    Purge expiredAccessTokensPurge(AccessTokenStore tokens) {
        return new Purge("identity-expired-access-tokens", now -> tokens.purge(now, Duration.ofDays(1)));
    }

    /** Mailed links kept a week past their expiry, so a late click is told "expired" rather than "unknown". */
    @Bean
    Purge expiredAccountLinksPurge(AccountLinkStore links) {
        return new Purge("identity-expired-account-links", now -> links.purge(now, Duration.ofDays(7)));
    }

    /** Registrations never confirmed, a month on: an address and a name nobody proved were theirs. */
    @Bean
    Purge unconfirmedRegistrationsPurge(AccountStore accounts) {
        return new Purge("identity-unconfirmed-registrations",
                now -> accounts.purgeUnconfirmed(now.minus(Duration.ofDays(30))));
    }

    /** Passkey challenges never answered, once expired (they live five minutes). */
    @Bean
    Purge expiredPasskeyChallengesPurge(org.consilium.identity.internal.PasskeyStore passkeys) {
        return new Purge("identity-expired-passkey-challenges", passkeys::purge);
    }

    /** Sign-in counts that the throttle has forgotten anyway. */
    @Bean
    Purge signInThrottlePurge(SignInThrottle throttle) {
        return new Purge("identity-sign-in-throttle", throttle::purge);
    }

    /**
     * Argon2id with the parameters OWASP's Password Storage Cheat Sheet gives (19 MiB of memory, 2 passes, 1 lane; a
     * 16-byte salt, a 32-byte hash), worked off the request threads. Hashes made with other parameters (Spring
     * Security's older 16 MiB) still verify: each hash carries its own. Hashing gets half the cores (at least one):
     * a flood of sign-ins waits its turn and leaves the other half to everyone else's requests.
     */
    @Bean
    PasswordEncoder passwordEncoder(
            @org.springframework.beans.factory.annotation.Value("${consilium.security.hashing-rest:1}") double rest) {
        return new PasswordHashing(new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2),
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2), rest);
    }
}
