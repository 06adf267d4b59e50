package org.consilium.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailTests {

    @ParameterizedTest
    @CsvSource({"cora@example.org, c…@example.org", "a@b.org, a…@b.org", "😀x@example.org, 😀…@example.org",
            "no-at-sign, …", "@example.org, …"})
    void outside_the_demo_administrators_see_a_recipient_s_first_character_and_domain(String address,
            String shown) {
        assertThat(Mail.masked(address)).isEqualTo(shown);
    }
}
