package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6238's test vectors (Appendix B), RFC 4648's base32 vectors, and the rules on top: window, replay, format. */
class TotpTests {

    private static final byte[] SHA1_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SECRET = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SECRET = ("1234567890123456789012345678901234567890123456789012345678901234")
            .getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T = {0}")
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826"})
    void the_rfc_6238_vectors(long seconds, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(seconds));
        assertThat(Totp.code(SHA1_SECRET, step, 8, "HmacSHA1")).isEqualTo(sha1);
        assertThat(Totp.code(SHA256_SECRET, step, 8, "HmacSHA256")).isEqualTo(sha256);
        assertThat(Totp.code(SHA512_SECRET, step, 8, "HmacSHA512")).isEqualTo(sha512);
    }

    @ParameterizedTest
    @CsvSource({"f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32_as_rfc_4648_says(String text, String encoded) {
        assertThat(Totp.base32(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
    }

    @Test
    void a_code_counts_one_step_either_side_of_now_and_never_twice() {
        // given
        Instant now = Instant.ofEpochSecond(1_111_111_111);
        long step = Totp.step(now);
        String current = Totp.code(SHA1_SECRET, step, 6, "HmacSHA1");
        String previous = Totp.code(SHA1_SECRET, step - 1, 6, "HmacSHA1");
        String tooOld = Totp.code(SHA1_SECRET, step - 2, 6, "HmacSHA1");
        String next = Totp.code(SHA1_SECRET, step + 1, 6, "HmacSHA1");

        // then
        assertThat(Totp.matchingStep(SHA1_SECRET, current, now, 0)).hasValue(step);
        assertThat(Totp.matchingStep(SHA1_SECRET, previous, now, 0)).hasValue(step - 1);
        assertThat(Totp.matchingStep(SHA1_SECRET, next, now, 0)).hasValue(step + 1);
        assertThat(Totp.matchingStep(SHA1_SECRET, tooOld, now, 0)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_SECRET, current, now, step)).as("replayed").isEmpty();
        assertThat(Totp.matchingStep(SHA1_SECRET, previous, now, step - 1)).as("an older code after a newer one")
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"12345", "1234567", "12a456", "'      '", "１２３４５６"})
    void only_six_ascii_digits_are_a_code(String code) {
        assertThat(Totp.matchingStep(SHA1_SECRET, code, Instant.ofEpochSecond(59), 0)).isEmpty();
    }
}
