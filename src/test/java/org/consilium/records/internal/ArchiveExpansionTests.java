package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.consilium.FileFixtures;
import org.consilium.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archives unpacked into records: every file comes out with its path, nested archives too; folders and what computers
 * add are left out; and what a crafted archive tries (paths outside it, links, passwords, bombs by ratio or by size,
 * archives nested too deep) refuses the whole archive, naming the entry.
 */
class ArchiveExpansionTests {

    private static final byte[] PDF = FileFixtures.pdf("Biopsy: invasive ductal carcinoma");

    @Test
    void files_come_out_with_their_paths_nested_archives_included_and_junk_left_out() throws Exception {
        // given a CD-like archive with a nested archive, a folder entry and what a Mac adds
        Map<String, byte[]> inner = new LinkedHashMap<>();
        inner.put("IM0001.dcm", FileFixtures.dicom());
        Map<String, byte[]> outer = new LinkedHashMap<>();
        outer.put("report.pdf", PDF);
        outer.put("DICOM/", new byte[0]);
        outer.put("DICOM/series.zip", FileFixtures.zip(inner));
        outer.put("__MACOSX/._report.pdf", new byte[] {1, 2, 3});
        outer.put(".DS_Store", new byte[] {0, 0, 0, 1});
        outer.put("empty.txt", new byte[0]);

        // when
        List<ArchiveExpansion.Entry> files = ArchiveExpansion.expand(FileFixtures.zip(outer));

        // then
        assertThat(files).extracting(ArchiveExpansion.Entry::path)
                .containsExactly("report.pdf", "DICOM/series.zip/IM0001.dcm");
        assertThat(files.get(0).content()).isEqualTo(PDF);
        assertThat(files.get(1).content()).isEqualTo(FileFixtures.dicom());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "C:/Windows/evil.txt", "notes/../../up.txt",
            "..\\..\\windows.txt"})
    void a_path_leading_outside_the_archive_refuses_it_naming_the_entry(String name) {
        byte[] archive = FileFixtures.zip(Map.of(name, "x".getBytes(StandardCharsets.US_ASCII)));
        // The archive library reads Windows separators as slashes: the entry is named as it unpacks.
        assertThatThrownBy(() -> ArchiveExpansion.expand(archive)).isInstanceOf(ArchiveExpansion.Refused.class)
                .hasMessageContaining(name.replace('\\', '/')).hasMessageContaining("outside the archive");
    }

    @Test
    void a_link_refuses_the_archive() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            ZipArchiveEntry link = new ZipArchiveEntry("scans/latest");
            link.setUnixMode(0120777);
            zip.putArchiveEntry(link);
            zip.write("/etc/shadow".getBytes(StandardCharsets.US_ASCII));
            zip.closeArchiveEntry();
        }
        assertThatThrownBy(() -> ArchiveExpansion.expand(out.toByteArray()))
                .isInstanceOf(ArchiveExpansion.Refused.class).hasMessageContaining("scans/latest is a link");
    }

    @Test
    void an_encrypted_entry_refuses_the_archive() {
        byte[] archive = FileFixtures.zip(Map.of("secret.pdf", PDF));
        // Mark the entry encrypted in its local header and in the central directory (general purpose bit 0).
        archive[6] |= 1;
        int central = indexOf(archive, new byte[] {'P', 'K', 1, 2});
        archive[central + 8] |= 1;
        assertThatThrownBy(() -> ArchiveExpansion.expand(archive)).isInstanceOf(ArchiveExpansion.Refused.class)
                .hasMessageContaining("secret.pdf").hasMessageContaining("password");
    }

    @Test
    void an_entry_that_inflates_a_thousandfold_is_a_bomb_and_is_not_unpacked() {
        byte[] archive = FileFixtures.zip(Map.of("zeros.txt", new byte[20 * 1024 * 1024]));
        assertThat(archive.length).isLessThan(50_000);
        assertThatThrownBy(() -> ArchiveExpansion.expand(archive)).isInstanceOf(ArchiveExpansion.Refused.class)
                .hasMessageContaining("zeros.txt").hasMessageContaining("ZIP bomb");
    }

    @Test
    void archives_nested_deeper_than_three_levels_are_refused() {
        byte[] archive = FileFixtures.zip("report.pdf", PDF);
        for (int level = 0; level < 3; level++) {
            archive = FileFixtures.zip("level" + level + ".zip", archive);
        }
        byte[] deep = archive;
        assertThatThrownBy(() -> ArchiveExpansion.expand(deep)).isInstanceOf(ArchiveExpansion.Refused.class)
                .hasMessageContaining("levels deep");
        byte[] shallow = FileFixtures.zip("a.zip", FileFixtures.zip("b.zip", FileFixtures.zip("report.pdf", PDF)));
        assertThat(ArchiveExpansionTestsHelper.paths(shallow)).containsExactly("a.zip/b.zip/report.pdf");
    }

    @Test
    void an_entry_refused_on_its_own_refuses_the_archive_naming_it() {
        byte[] archive = FileFixtures.zip(Map.of("report.pdf", PDF, "viewer/run.exe",
                FileFixtures.elfExecutable()));
        assertThatThrownBy(() -> new FileScreening().unpack(archive, file -> { }))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("viewer/run.exe");
    }

    @Test
    void an_entry_packed_other_than_stored_or_deflated_is_refused_not_read() {
        // given an archive whose entry claims zstd (method 93), a decoder the app does not carry
        byte[] archive = FileFixtures.zip(Map.of("report.pdf", PDF));
        archive[8] = 93;
        archive[9] = 0;
        int central = indexOf(archive, new byte[] {'P', 'K', 1, 2});
        archive[central + 10] = 93;
        archive[central + 11] = 0;

        // then unpacking and screening both refuse it, in words
        assertThatThrownBy(() -> ArchiveExpansion.expand(archive)).isInstanceOf(ArchiveExpansion.Refused.class)
                .hasMessageContaining("cannot be read");
        assertThat(new FileScreening().screen(archive, "cd.zip")).isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void a_damaged_archive_is_refused() {
        byte[] archive = FileFixtures.zip("report.pdf", PDF);
        byte[] cut = java.util.Arrays.copyOf(archive, archive.length - 30);
        assertThatThrownBy(() -> ArchiveExpansion.expand(cut)).isInstanceOf(ArchiveExpansion.Refused.class)
                .hasMessageContaining("damaged");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** Paths only, for the nesting test. */
    static final class ArchiveExpansionTestsHelper {
        static List<String> paths(byte[] archive) {
            try {
                return ArchiveExpansion.expand(archive).stream().map(ArchiveExpansion.Entry::path).toList();
            } catch (ArchiveExpansion.Refused e) {
                throw new AssertionError(e);
            }
        }
    }
}
