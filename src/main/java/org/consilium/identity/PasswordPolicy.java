package org.consilium.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether a password someone chooses is too easy to guess, in the manner of NIST SP 800-63B (5.1.1.2): length is
 * checked elsewhere (at least 12 characters), there are no composition rules, and a password is refused when it is,
 * once the usual substitutions are undone, nothing but common password words, words of the person's own e-mail and
 * name or of this service, digits and punctuation; or a repetition or a run along the alphabet, the digits or a
 * keyboard row. The answer says why, so the person can choose better.
 */
public final class PasswordPolicy {

    /**
     * Roots of the passwords people choose most, and of the ones guessed first: password words, keyboard walks,
     * greetings and terms of endearment, seasons and months, sports, and words of this service.
     */
    private static final Set<String> COMMON_WORDS = Set.of(
            "password", "passwort", "passwd", "pass", "word", "secret", "login", "admin", "administrator", "root",
            "user", "guest", "default", "changeme", "change", "letmein", "welcome", "hello", "iloveyou", "love",
            "lovely", "baby", "babe", "honey", "sweet", "angel", "princess", "prince", "king", "queen", "master",
            "monkey", "dragon", "tiger", "shadow", "sunshine", "flower", "summer", "winter", "spring", "autumn", "fall",
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "friday", "football", "soccer", "baseball", "basketball", "hockey",
            "golf", "superman", "batman", "starwars", "pokemon", "freedom", "whatever", "trustno", "qwerty",
            "qwertz", "azerty", "asdf", "zxcv", "abc", "test", "testing", "temp", "access", "computer", "internet",
            "google", "facebook", "apple", "samsung", "mustang", "ferrari", "jesus", "god", "heaven", "money",
            "michael", "jennifer", "charlie", "jordan", "thomas", "robert", "daniel", "jessica", "ashley", "hannah",
            "consilium", "second", "opinion", "doctor", "patient", "health", "hospital", "cancer", "demo");

    /** Runs that people type as passwords, read forwards and backwards. */
    private static final List<String> SEQUENCES = List.of("abcdefghijklmnopqrstuvwxyz", "0123456789",
            "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "yxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn",
            "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p");

    /** What remains once the guessable parts are taken out must be at least this long. */
    private static final int MIN_REMAINDER = 4;

    private PasswordPolicy() {
    }

    /**
     * Why the password is too easy to guess, in words for the person choosing it; empty when it is not.
     *
     * @param email the account's e-mail address, whose words a guesser would try first
     * @param displayName the person's name, likewise
     */
    public static Optional<String> weakness(String password, @Nullable String email, @Nullable String displayName) {
        String lower = password.toLowerCase(Locale.ROOT);
        String plain = undoSubstitutions(lower);
        if (repetitive(plain)) {
            return Optional.of("is a repetition of a few characters; choose a few unrelated words instead");
        }
        if (sequential(lower)) {
            return Optional.of("follows the alphabet, the digits or a row of the keyboard; choose a few unrelated "
                    + "words instead");
        }
        List<String> personal = personalWords(email, displayName);
        if (lettersLeft(lower, plain, personal) >= MIN_REMAINDER) {
            return Optional.empty();
        }
        if (!personal.isEmpty() && lettersLeft(lower, plain, List.of()) >= MIN_REMAINDER) {
            return Optional.of("is made of your e-mail address or name; choose a few unrelated words instead");
        }
        return Optional.of("is made of common password words, digits and symbols, which are guessed first; "
                + "choose a few unrelated words instead");
    }

    /** Lower case, with the digits and symbols people put for letters read as those letters. */
    private static String undoSubstitutions(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(switch (c) {
            case '@', '4' -> 'a';
            case '8' -> 'b';
            case '3' -> 'e';
            case '6', '9' -> 'g';
            case '1', '!', '|' -> 'i';
            case '0' -> 'o';
            case '$', '5' -> 's';
            case '7', '+' -> 't';
            default -> c;
        }));
        return out.toString();
    }

    /** At most three different characters, or one short piece said again and again ("abcabcabcabc"). */
    private static boolean repetitive(String text) {
        if (text.codePoints().distinct().count() <= 3) {
            return true;
        }
        for (int period = 1; period <= text.length() / 3; period++) {
            boolean repeats = true;
            for (int i = period; i < text.length() && repeats; i++) {
                repeats = text.charAt(i) == text.charAt(i - period);
            }
            if (repeats) {
                return true;
            }
        }
        return false;
    }

    /** Every character but one or two follows the one before along a known run, either way. */
    private static boolean sequential(String text) {
        String raw = text.replaceAll("[^a-z0-9]", "");
        if (raw.length() < 8) {
            return false;
        }
        int steps = 0;
        for (int i = 1; i < raw.length(); i++) {
            if (adjacent(raw.charAt(i - 1), raw.charAt(i))) {
                steps++;
            }
        }
        return steps >= raw.length() - 3;
    }

    private static boolean adjacent(char a, char b) {
        for (String run : SEQUENCES) {
            int at = run.indexOf(a);
            while (at >= 0) {
                if ((at + 1 < run.length() && run.charAt(at + 1) == b) || (at > 0 && run.charAt(at - 1) == b)) {
                    return true;
                }
                at = run.indexOf(a, at + 1);
            }
        }
        return false;
    }

    /** The words of the e-mail's local part and domain name, and of the name, of four letters or more. */
    private static List<String> personalWords(@Nullable String email, @Nullable String displayName) {
        List<String> words = new ArrayList<>();
        for (String source : new String[] {email, displayName}) {
            if (source == null) {
                continue;
            }
            for (String word : source.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
                if (word.length() >= MIN_REMAINDER) {
                    words.add(word);
                }
            }
        }
        return words;
    }

    /**
     * How many letters of the password are left once every common word and every one of {@code personal} is taken
     * out (found in {@code plain}, the password with its substitutions undone): digits and symbols never count.
     */
    private static int lettersLeft(String lower, String plain, List<String> personal) {
        boolean[] covered = new boolean[plain.length()];
        List<String> words = new ArrayList<>(COMMON_WORDS);
        words.addAll(personal);
        for (String word : words) {
            for (int at = plain.indexOf(word); at >= 0; at = plain.indexOf(word, at + 1)) {
                java.util.Arrays.fill(covered, at, at + word.length(), true);
            }
        }
        int left = 0;
        for (int i = 0; i < lower.length() && i < covered.length; i++) {
            if (!covered[i] && Character.isLetter(lower.charAt(i))) {
                left++;
            }
        }
        return left;
    }
}
