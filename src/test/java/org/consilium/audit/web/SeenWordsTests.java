package org.consilium.audit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SeenWordsTests {

    private static final String RECORD = "6f1c2a8e-8d0b-4a55-9d64-0c1f3b0e8a11";

    @Test
    void a_file_that_was_read_is_named_not_numbered() {
        assertThat(SeenWords.of("record content " + RECORD, Map.of(RECORD, "biopsy.pdf")))
                .isEqualTo("the file “biopsy.pdf”");
    }

    @Test
    void a_file_no_longer_listed_is_not_shown_by_its_id() {
        assertThat(SeenWords.of("record content " + RECORD, Map.of())).doesNotContain(RECORD);
    }

    @Test
    void the_other_reads_are_said_in_words() {
        assertThat(SeenWords.of("record list", Map.of())).isEqualTo("the list of records");
        assertThat(SeenWords.of("timeline", Map.of())).isEqualTo("the timeline");
        assertThat(SeenWords.of("case", Map.of())).isEqualTo("the case");
    }
}
