package org.consilium.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecurityAuditTests {

    @ParameterizedTest
    @CsvSource({
            "/account/verify/abcDEF-123_x, /account/verify/(secret)",
            "/account/reset/abcDEF-123_x, /account/reset/(secret)",
            "/account/reset/confirm, /account/reset/confirm",
            "/account/reset, /account/reset",
            "/cases/1234, /cases/1234",
            "/account/verify/a/b, /account/verify/a/b"})
    void the_secret_of_a_mailed_link_never_reaches_a_record(String path, String recorded) {
        assertThat(SecurityAudit.withoutSecrets(path)).isEqualTo(recorded);
    }
}
