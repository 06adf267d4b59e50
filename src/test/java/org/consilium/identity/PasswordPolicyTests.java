package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** NIST SP 800-63B's blocklist, as this service applies it to a password someone chooses. */
class PasswordPolicyTests {

    private static final String EMAIL = "maria.gonzalez@example.org";
    private static final String NAME = "Maria Gonzalez";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"password1234", "P@ssw0rd2024!", "Summer2025Summer", "iloveyou1234", "welcome12345",
            "consilium-demo", "Letmein!Letmein!", "trustno1trustno1", "Qwerty!!2024", "MONKEYDRAGON99",
            "839274619283", "2019-2020-2021!!"})
    void common_words_digits_and_symbols_are_refused(String password) {
        assertThat(PasswordPolicy.weakness(password, EMAIL, NAME)).hasValueSatisfying(why ->
                assertThat(why).contains("common password words"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"aaaaaaaaaaaa", "abcabcabcabc", "xyxyxyxyxyxy", "!!!!!!!!!!!!", "zzzzzzzzzzzz1"})
    void repetitions_are_refused(String password) {
        assertThat(PasswordPolicy.weakness(password, EMAIL, NAME)).hasValueSatisfying(why ->
                assertThat(why).contains("repetition"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"abcdefghijklmnop", "123456789012", "987654321098", "qwertyuiopasdf", "1qaz2wsx3edc4rfv",
            "zyxwvutsrqpo", "asdfghjkl;'", "Qwerty123456"})
    void runs_along_the_alphabet_digits_or_keyboard_are_refused(String password) {
        assertThat(PasswordPolicy.weakness(password, EMAIL, NAME)).hasValueSatisfying(why ->
                assertThat(why).contains("follows"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MariaGonzalez1!", "gonzalez2024!!", "m4r1a-g0nz4l3z", "maria.gonzalez.example"})
    void the_person_s_own_email_and_name_are_refused(String password) {
        assertThat(PasswordPolicy.weakness(password, EMAIL, NAME)).hasValueSatisfying(why ->
                assertThat(why).contains("your e-mail address or name"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"correct horse battery staple", "violet tram at dusk", "Umbrella-Pelican-57",
            "my dog loves summer", "9fQ#2kLx!7Wm", "Ĳssel-fjord-Ørsted", "лес поле река небо", "quiet maria meadow"})
    void passphrases_and_random_passwords_are_accepted(String password) {
        assertThat(PasswordPolicy.weakness(password, EMAIL, NAME)).isEmpty();
    }

    /** Seeded: whatever digits and symbols are added around a refused password, it stays refused. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decorations_of_digits_and_symbols_do_not_rescue_a_refused_password(long seed) {
        Random random = new Random(seed);
        String[] bases = {"password", "sunshine", "dragon", "football", "gonzalez", "qwerty"};
        String decoration = "0123456789!@#$%^&*()-_=+.";
        String base = bases[random.nextInt(bases.length)];
        StringBuilder password = new StringBuilder();
        IntStream.range(0, random.nextInt(4)).forEach(i ->
                password.append(decoration.charAt(random.nextInt(decoration.length()))));
        password.append(random.nextBoolean() ? base.toUpperCase() : base);
        IntStream.range(0, 4 + random.nextInt(6)).forEach(i ->
                password.append(decoration.charAt(random.nextInt(decoration.length()))));

        assertThat(PasswordPolicy.weakness(password.toString(), EMAIL, NAME)).as(password.toString()).isPresent();
    }

    /** Seeded: sixteen random letters are accepted, whatever the letters. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void random_letters_are_accepted(long seed) {
        Random random = new Random(seed);
        String password = random.ints(16, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();

        assertThat(PasswordPolicy.weakness(password, EMAIL, NAME)).as(password).isEmpty();
    }

    static Stream<Arguments> seeds() {
        return LongStreamOfSeeds.first(50).mapToObj(Arguments::of);
    }

    /** Fixed seeds, so a failure replays. */
    private static final class LongStreamOfSeeds {
        static java.util.stream.LongStream first(int n) {
            return java.util.stream.LongStream.rangeClosed(1, n).map(i -> i * 7_919);
        }
    }
}
