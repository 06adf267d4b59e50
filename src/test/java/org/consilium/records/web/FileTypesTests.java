package org.consilium.records.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileTypesTests {

    @ParameterizedTest(name = "{0} is a {1}")
    @CsvSource(delimiter = '|', value = {
            "application/pdf | PDF document",
            "image/jpeg | JPEG image",
            "application/dicom | DICOM image",
            "application/msword | Word document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document | Word document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet | Excel spreadsheet",
            "text/plain; charset=UTF-8 | Text file",
            "image/x-portable-pixmap | Image (X-PORTABLE-PIXMAP)",
            "application/x-unheard-of | application/x-unheard-of"})
    void names_a_detected_type_in_words(String contentType, String words) {
        assertThat(FileTypes.of(contentType)).isEqualTo(words);
    }
}
