package org.consilium.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names of records as they go into an export: never a path, a device or a hidden file. */
class ExportNamesTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "pathology.pdf|pathology.pdf",
            "../../etc/passwd|_.._etc_passwd",
            "..\\\\windows\\\\system32|__windows__system32",
            "C:\\\\boot.ini|C___boot.ini",
            ".hidden|hidden",
            "a/b/c.pdf|a_b_c.pdf",
            "résumé du médecin.pdf|résumé du médecin.pdf",
            "...|record",
            "<script>.pdf|_script_.pdf",
            "bell\u0000\u0007.pdf|bell__.pdf"})
    void a_name_becomes_one_harmless_path_segment(String name, String safe) {
        assertThat(ExportNames.safe(name)).isEqualTo(safe);
    }

    @ParameterizedTest
    @CsvSource({"200", "121", "500"})
    void a_long_name_is_cut_keeping_its_extension(int length) {
        String name = "x".repeat(length - 4) + ".pdf";

        String safe = ExportNames.safe(name);

        assertThat(safe).hasSize(ExportNames.MAX).endsWith(".pdf");
    }
}
