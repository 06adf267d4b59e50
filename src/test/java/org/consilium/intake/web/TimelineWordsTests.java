package org.consilium.intake.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.consilium.intake.CaseEvent;
import org.junit.jupiter.api.Test;

class TimelineWordsTests {

    @Test
    void every_event_a_case_can_have_has_words_of_its_own() throws ReflectiveOperationException {
        // given the stored type of every kind of case event
        List<String> types = everyEventType();

        // when each is put in words
        List<String> words = types.stream().map(TimelineWords::of).toList();

        // then none falls back to its spaced-out name, and no two read the same
        assertThat(types).hasSize(CaseEvent.class.getPermittedSubclasses().length);
        for (int i = 0; i < types.size(); i++) {
            assertThat(words.get(i)).as(types.get(i)).isNotEqualTo(TimelineWords.spaced(types.get(i)));
        }
        assertThat(words).doesNotHaveDuplicates();
    }

    @Test
    void says_what_happened_the_way_a_patient_would() {
        assertThat(TimelineWords.of("OfferDeclined")).isEqualTo(
                "A specialist declined the request; we are finding another");
        assertThat(TimelineWords.of("RecordsCompleted")).isEqualTo(
                "The records are complete; we are finding a specialist");
    }

    @Test
    void a_type_without_words_yet_reads_as_its_spaced_name() {
        assertThat(TimelineWords.of("SomeFutureEvent")).isEqualTo("Some future event");
    }

    /** The stored type of each event record; {@code type()} reads no component, so empty ones will do. */
    private static List<String> everyEventType() throws ReflectiveOperationException {
        List<String> types = new java.util.ArrayList<>();
        for (Class<?> event : CaseEvent.class.getPermittedSubclasses()) {
            Class<?>[] parameters = Arrays.stream(event.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            Constructor<?> canonical = event.getDeclaredConstructor(parameters);
            canonical.setAccessible(true);
            types.add(((CaseEvent) canonical.newInstance(new Object[parameters.length])).type());
        }
        return types;
    }
}
