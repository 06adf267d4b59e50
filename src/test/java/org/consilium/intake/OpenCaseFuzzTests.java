package org.consilium.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.consilium.shared.InvalidInputException;

/**
 * Whatever a client sends to open a case, the answer is a valid case or a list of input violations, never another
 * failure. Runs its seeds in every build; {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=OpenCaseFuzzTests} fuzzes it.
 */
class OpenCaseFuzzTests {

    @FuzzTest(maxDuration = "30s")
    void opening_a_case_accepts_or_names_what_is_wrong(FuzzedDataProvider data) {
        List<OpenCase.RawQuestion> questions = new ArrayList<>();
        int count = data.consumeInt(0, 25);
        for (int i = 0; i < count; i++) {
            questions.add(data.consumeBoolean() ? null
                    : new OpenCase.RawQuestion(pick(data, "TREATMENT_OPTIONS", "OTHER"), text(data)));
        }
        try {
            OpenCase opened = OpenCase.parse(text(data), text(data), text(data), text(data), text(data), text(data),
                    text(data), pick(data, "CARDIOLOGY", "NEUROSURGERY"), pick(data, "ROUTINE", "URGENT"),
                    pick(data, "2026-12-31", "2027-02-30"), data.consumeBoolean() ? null : questions);
            assertThat(opened.questions()).isNotEmpty().hasSizeLessThanOrEqualTo(SecondOpinionCase.MAX_QUESTIONS);
            assertThat(opened.details().diagnosis()).isNotBlank().hasSizeLessThanOrEqualTo(500);
            opened.questions().forEach(q -> assertThat(q.text()).isNotBlank()
                    .hasSizeLessThanOrEqualTo(Question.MAX_TEXT));
        } catch (InvalidInputException e) {
            assertThat(e.violations()).isNotEmpty().allSatisfy(v -> {
                assertThat(v.field()).isNotBlank();
                assertThat(v.message()).isNotBlank();
            });
        }
    }

    /** Mostly a valid value, sometimes anything. */
    private static String pick(FuzzedDataProvider data, String one, String other) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> one;
            case 1 -> other;
            case 2 -> null;
            default -> data.consumeString(30);
        };
    }

    private static String text(FuzzedDataProvider data) {
        return data.consumeBoolean() ? null : data.consumeString(data.consumeInt(0, 6000));
    }
}
