package org.consilium.review.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTests {

    @Test
    void keys_are_sorted_whatever_the_insertion_order() {
        // given
        Map<String, Object> value = ordered("b", 1, "a", 2, "c", 3);

        // when
        String json = CanonicalJson.write(value);

        // then
        assertThat(json).isEqualTo("{\"a\":2,\"b\":1,\"c\":3}");
    }

    @Test
    void keys_are_sorted_by_utf16_code_units_as_in_the_rfc_8785_example() {
        // given: the property names of RFC 8785 section 3.2.3, in the RFC's input order
        Map<String, Object> value = ordered(
                "\u20ac", "Euro Sign",
                "\r", "Carriage Return",
                "\ufb33", "Hebrew Letter Dalet With Dagesh",
                "1", "One",
                "\ud83d\ude00", "Emoji: Grinning Face",
                "\u0080", "Control",
                "\u00f6", "Latin Small Letter O With Diaeresis");

        // when
        String json = CanonicalJson.write(value);

        // then
        assertThat(json).isEqualTo("{"
                + "\"\\r\":\"Carriage Return\","
                + "\"1\":\"One\","
                + "\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
                + "\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\""
                + "}");
    }

    @Test
    void an_emoji_key_sorts_before_a_private_use_bmp_key_though_its_code_point_is_higher() {
        // given: U+1F600 is D83D DE00 in UTF-16, below U+E000; by code point it would come after
        Map<String, Object> value = ordered("\ue000", "bmp", "\ud83d\ude00", "emoji");

        // when
        String json = CanonicalJson.write(value);

        // then
        assertThat(json).isEqualTo("{\"\ud83d\ude00\":\"emoji\",\"\ue000\":\"bmp\"}");
    }

    @Test
    void upper_case_sorts_before_lower_case_and_a_prefix_before_its_extensions() {
        // given
        Map<String, Object> value = ordered("ab", 1, "a", 2, "B", 3, "_", 4);

        // when
        String json = CanonicalJson.write(value);

        // then
        assertThat(json).isEqualTo("{\"B\":3,\"_\":4,\"a\":2,\"ab\":1}");
    }

    @Test
    void control_characters_are_escaped_with_lower_case_hex() {
        // given
        String text = "\u0000\u0001\u001f\u000b";

        // when
        String json = CanonicalJson.write(text);

        // then
        assertThat(json).isEqualTo("\"\\u0000\\u0001\\u001f\\u000b\"");
    }

    @Test
    void the_five_short_escapes_are_used_where_json_has_them() {
        // given
        String text = "\b\f\n\r\t";

        // when
        String json = CanonicalJson.write(text);

        // then
        assertThat(json).isEqualTo("\"\\b\\f\\n\\r\\t\"");
    }

    @Test
    void quotes_and_backslashes_are_escaped() {
        // given
        String text = "say \"hi\" \\o/";

        // when
        String json = CanonicalJson.write(text);

        // then
        assertThat(json).isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
    }

    @Test
    void slashes_delete_and_non_ascii_are_written_as_they_are() {
        // given
        String text = "a/b \u007f é € \u2028 \ud83d\ude00 日本";

        // when
        String json = CanonicalJson.write(text);

        // then
        assertThat(json).isEqualTo("\"" + text + "\"");
    }

    @Test
    void nested_objects_and_arrays_are_written_without_whitespace_and_sorted_at_every_level() {
        // given
        Map<String, Object> inner = ordered("z", List.of(1, ordered("y", true, "x", false)), "a", List.of());
        Map<String, Object> value = ordered("outer", inner, "list", List.of(List.of(List.of("deep")), Map.of()));

        // when
        String json = CanonicalJson.write(value);

        // then
        assertThat(json).isEqualTo(
                "{\"list\":[[[\"deep\"]],{}],\"outer\":{\"a\":[],\"z\":[1,{\"x\":false,\"y\":true}]}}");
    }

    @Test
    void null_values_are_kept_in_objects_and_arrays() {
        // given
        Map<String, Object> value = new HashMap<>();
        value.put("revisedDiagnosis", null);
        value.put("tests", Arrays.asList("MRI", null));

        // when
        String json = CanonicalJson.write(value);

        // then
        assertThat(json).isEqualTo("{\"revisedDiagnosis\":null,\"tests\":[\"MRI\",null]}");
    }

    @Test
    void keys_are_escaped_like_any_string() {
        // given
        Map<String, Object> value = ordered("a\"b", 1, "c\\d", 2, "e\u0001", 3);

        // when
        String json = CanonicalJson.write(value);

        // then
        assertThat(json).isEqualTo("{\"a\\\"b\":1,\"c\\\\d\":2,\"e\\u0001\":3}");
    }

    @Test
    void integers_within_the_exact_double_range_are_written_plainly() {
        // given
        List<Object> value = List.of(0, -1, Integer.MAX_VALUE, 1L << 53, -(1L << 53));

        // when
        String json = CanonicalJson.write(value);

        // then
        assertThat(json).isEqualTo("[0,-1,2147483647,9007199254740992,-9007199254740992]");
    }

    @Test
    void integers_outside_the_exact_double_range_are_refused() {
        // given
        List<Long> outside = List.of((1L << 53) + 1, -(1L << 53) - 1, Long.MAX_VALUE, Long.MIN_VALUE);

        // when / then
        for (Long number : outside) {
            assertThatThrownBy(() -> CanonicalJson.write(number))
                    .as("%d", number)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside the IEEE 754 exact range");
        }
    }

    @Test
    void values_it_cannot_canonicalize_are_refused() {
        // given
        Object decimal = 1.5;

        // when / then
        assertThatThrownBy(() -> CanonicalJson.write(decimal)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_same_content_always_gives_the_same_text() {
        // given
        Map<String, Object> one = ordered("b", "2", "a", ordered("d", 4, "c", 3));
        Map<String, Object> other = ordered("a", ordered("c", 3, "d", 4), "b", "2");

        // when
        String first = CanonicalJson.write(one);
        String second = CanonicalJson.write(other);

        // then
        assertThat(first).isEqualTo(second).isEqualTo("{\"a\":{\"c\":3,\"d\":4},\"b\":\"2\"}");
    }

    /** A map in the given insertion order, so the test shows the writer does the sorting. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
