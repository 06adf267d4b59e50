package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a name sent with an upload becomes the name we keep and show. */
class FileNamesTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "labs/../blood work.pdf | blood work.pdf",
            "C:\\Users\\maria\\scan.pdf | scan.pdf",
            "../../etc/passwd | passwd",
            "/ | file",
            "'   ' | file",
            "... | file",
            "name... | name",
            "report.pdf .  . | report.pdf",
            "CON | _CON",
            "con.txt | _con.txt",
            "Lpt9.tar.gz | _Lpt9.tar.gz",
            "COM1 .txt | _COM1 .txt",
            "CONSENT.pdf | CONSENT.pdf",
            "COM10.txt | COM10.txt"
    })
    void keeps_one_safe_file_name(String sent, String kept) {
        assertThat(FileNames.normalise(sent)).isEqualTo(kept);
    }

    @Test
    void bidi_overrides_and_other_format_characters_are_removed() {
        // given: "scan\u202Efdp.exe" shows as "scanexe.pdf" in a right-to-left override
        assertThat(FileNames.normalise("scan\u202Efdp.exe")).isEqualTo("scanfdp.exe");
        assertThat(FileNames.normalise("a\u200Bb\u2066c\u2069\uFEFF.txt")).isEqualTo("abc.txt");
    }

    @Test
    void line_breaks_of_every_kind_are_removed() {
        assertThat(FileNames.normalise("first\u2028second\u2029third\u0085fourth\r\n\t.txt"))
                .isEqualTo("firstsecondthirdfourth.txt");
        assertThat(FileNames.normalise("x\u0000y\u007F.pdf")).isEqualTo("xy.pdf");
    }

    @Test
    void decomposed_accents_are_composed() {
        // given: "é" as e + combining acute (NFD), as macOS sends it
        String decomposed = "re\u0301sume\u0301.pdf";

        // then
        assertThat(FileNames.normalise(decomposed)).isEqualTo("r\u00e9sum\u00e9.pdf").hasSize(10);
    }

    @Test
    void the_length_limit_counts_characters_not_utf16_units() {
        assertThat(FileNames.length("\uD83D\uDE00.pdf")).isEqualTo(5);
    }

    @Test
    void the_extension_follows_the_detected_type() {
        List<String> pdf = List.of(".pdf");
        List<String> text = List.of(".txt", ".text");
        assertThat(FileNames.withExtension("x.exe", pdf)).isEqualTo("x.pdf");
        assertThat(FileNames.withExtension("scan.exe.pdf", pdf)).isEqualTo("scan.exe.pdf");
        assertThat(FileNames.withExtension("report.pdf.exe", pdf)).isEqualTo("report.pdf");
        assertThat(FileNames.withExtension("SCAN.PDF", pdf)).isEqualTo("SCAN.PDF");
        assertThat(FileNames.withExtension("report.pdf", text)).isEqualTo("report.txt");
        assertThat(FileNames.withExtension("notes.text", text)).isEqualTo("notes.text");
        assertThat(FileNames.withExtension("Dr. Smith letter", pdf)).isEqualTo("Dr. Smith letter.pdf");
        assertThat(FileNames.withExtension(".pdf", pdf)).isEqualTo(".pdf.pdf");
        assertThat(FileNames.withExtension("IM000001", List.of())).isEqualTo("IM000001");
    }

    @Test
    void a_name_at_the_limit_stays_within_it_when_its_extension_changes() {
        // given
        String name = "n".repeat(FileNames.MAX_LENGTH - 4) + ".exe";

        // when
        String kept = FileNames.withExtension(name, List.of(".pdf"));

        // then
        assertThat(kept).endsWith(".pdf");
        assertThat(FileNames.length(kept)).isLessThanOrEqualTo(FileNames.MAX_LENGTH);
    }
}
