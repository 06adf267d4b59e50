package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.consilium.FileFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextExtractionTests {

    private final TextExtraction extraction = new TextExtraction();

    @ParameterizedTest
    @CsvSource({
            "pdf, application/pdf",
            "docx, application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "odt, application/vnd.oasis.opendocument.text",
            "rtf, application/rtf",
            "txt, text/plain"})
    void reads_the_words_of_every_kind_of_document_it_handles(String kind, String type) throws IOException {
        // given
        String words = "Lymphoblastic infiltrate noted";
        byte[] file = switch (kind) {
            case "pdf" -> FileFixtures.pdf(words);
            case "docx" -> FileFixtures.docx(words);
            case "odt" -> FileFixtures.odt(words);
            case "rtf" -> FileFixtures.rtf(words);
            default -> FileFixtures.utf8(words + "\n");
        };

        // when
        String text = extraction.extract(file, type).orElseThrow();

        // then
        assertThat(text).contains(words);
    }

    @Test
    void a_type_without_text_gives_none() throws IOException {
        // when / then
        assertThat(extraction.extract(FileFixtures.png(), "image/png")).isEmpty();
        assertThat(TextExtraction.handles("application/dicom")).isFalse();
    }

    @Test
    void ligatures_become_letters_and_nul_and_lone_surrogates_are_dropped() {
        // when
        String text = TextExtraction.normalise("ﬁbrosis\0 of the \uD800liver\n\n\n  next");

        // then
        assertThat(text).isEqualTo("fibrosis of the liver\nnext");
    }

    @Test
    void text_is_cut_at_its_cap() throws IOException {
        // given
        byte[] long_ = FileFixtures.utf8("word ".repeat(TextExtraction.MAX_CHARS));

        // when
        String text = extraction.extract(long_, "text/plain").orElseThrow();

        // then
        assertThat(text.length()).isLessThanOrEqualTo(TextExtraction.MAX_CHARS);
    }

    @Test
    void a_damaged_pdf_fails_rather_than_answering_something() {
        // when / then
        assertThatThrownBy(() -> extraction.extract(FileFixtures.utf8("%PDF-1.4 nothing else"), "application/pdf"))
                .isInstanceOf(IOException.class);
    }
}
