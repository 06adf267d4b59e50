package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.consilium.shared.UserId;
import org.junit.jupiter.api.Test;

/** When an authentication is recent enough for a guarded action, and how it is stored and named. */
class AuthenticationContextTests {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void an_authentication_is_recent_up_to_and_including_the_maximum_age() {
        assertThat(AuthenticationContext.of(NOW, AuthMethod.PASSWORD).recentAt(NOW, FIVE_MINUTES)).isTrue();
        assertThat(AuthenticationContext.of(NOW.minus(FIVE_MINUTES), AuthMethod.PASSWORD)
                .recentAt(NOW, FIVE_MINUTES)).isTrue();
        assertThat(AuthenticationContext.of(NOW.minus(FIVE_MINUTES).minusMillis(1), AuthMethod.PASSWORD)
                .recentAt(NOW, FIVE_MINUTES)).isFalse();
    }

    @Test
    void one_from_the_future_counts_only_within_a_few_seconds_of_clock_skew_between_instances() {
        assertThat(AuthenticationContext.of(NOW.plusSeconds(5), AuthMethod.PASSWORD).recentAt(NOW, FIVE_MINUTES))
                .isTrue();
        assertThat(AuthenticationContext.of(NOW.plusSeconds(6), AuthMethod.PASSWORD).recentAt(NOW, FIVE_MINUTES))
                .isFalse();
    }

    @Test
    void the_method_names_every_factor_in_a_fixed_order_and_is_restored_from_its_stored_form() {
        AuthenticationContext both = new AuthenticationContext(NOW, Set.of(AuthMethod.TOTP, AuthMethod.PASSWORD));

        assertThat(both.method()).isEqualTo("password+totp");
        assertThat(AuthenticationContext.restore(NOW, "password+totp")).isEqualTo(both);
        assertThat(AuthenticationContext.restore(NOW, "email-link+password").methods())
                .containsExactlyInAnyOrder(AuthMethod.EMAIL_LINK, AuthMethod.PASSWORD);
    }

    @Test
    void what_is_not_known_is_no_authentication_at_all() {
        assertThat(AuthenticationContext.restore(null, "password")).isNull();
        assertThat(AuthenticationContext.restore(NOW, null)).isNull();
        assertThat(AuthenticationContext.restore(NOW, "")).isNull();
        assertThat(AuthenticationContext.restore(NOW, "password+retina")).isNull();
        assertThatThrownBy(() -> new AuthenticationContext(NOW, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_guarded_action_passes_on_a_recent_authentication_and_is_refused_on_an_old_or_unknown_one() {
        StepUp stepUp = new StepUp(Clock.fixed(NOW, ZoneOffset.UTC), FIVE_MINUTES);
        Actor actor = new Actor(UserId.random(), Role.SPECIALIST, "Dr. Test", true);
        AuthenticationContext recent = AuthenticationContext.of(NOW.minusSeconds(60), AuthMethod.PASSWORD,
                AuthMethod.TOTP);

        assertThat(stepUp.require(new AccessScope(actor, recent), "Signing")).isEqualTo(recent);
        assertThat(stepUp.recent(new AccessScope(actor, recent))).isTrue();
        assertThatThrownBy(() -> stepUp.require(new AccessScope(actor, AuthenticationContext.of(
                NOW.minusSeconds(301), AuthMethod.PASSWORD)), "Signing the opinion"))
                .isInstanceOfSatisfying(StepUpRequiredException.class, e -> {
                    assertThat(e.action()).isEqualTo("Signing the opinion");
                    assertThat(e.maxAge()).isEqualTo(FIVE_MINUTES);
                    assertThat(e.maxAgeInWords()).isEqualTo("5 minutes");
                });
        assertThatThrownBy(() -> stepUp.require(new AccessScope(actor, null), "Signing"))
                .isInstanceOf(StepUpRequiredException.class);
        assertThat(stepUp.recent(new AccessScope(actor, null))).isFalse();
    }

    @Test
    void a_personal_access_token_is_refused_outright_as_no_step_up_could_help() {
        StepUp stepUp = new StepUp(Clock.fixed(NOW, ZoneOffset.UTC), FIVE_MINUTES);
        Actor actor = new Actor(UserId.random(), Role.PATIENT, "Pat", true);
        AccessScope token = new AccessScope(actor, AuthenticationContext.of(NOW, AuthMethod.PERSONAL_TOKEN));

        assertThatThrownBy(() -> stepUp.require(token, "Downloading all your data"))
                .isInstanceOf(org.consilium.shared.ForbiddenActionException.class)
                .hasMessage("downloading all your data cannot be done with a personal access token; sign in to do "
                        + "it");
        assertThat(stepUp.recent(token)).isFalse();
    }

    @Test
    void the_allowed_age_is_put_in_words() {
        assertThat(new StepUpRequiredException("x", Duration.ofMinutes(1)).maxAgeInWords()).isEqualTo("1 minute");
        assertThat(new StepUpRequiredException("x", Duration.ofSeconds(90)).maxAgeInWords()).isEqualTo("90 seconds");
    }
}
