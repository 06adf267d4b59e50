package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * The archive expander under arbitrary bytes: it unpacks or refuses with a reason, never anything else, and what it
 * hands on always stays within its limits and never names a path outside the archive. Seeds run in every build; set
 * {@code JAZZER_FUZZ=1} to fuzz.
 */
class ArchiveExpansionFuzzTests {

    @FuzzTest(maxDuration = "30s")
    void any_bytes_unpack_within_the_limits_or_are_refused_with_a_reason(FuzzedDataProvider data) {
        byte[] archive = data.consumeRemainingAsBytes();
        List<ArchiveExpansion.Entry> files;
        try {
            files = ArchiveExpansion.expand(archive);
        } catch (ArchiveExpansion.Refused refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(files.size()).isLessThanOrEqualTo(ArchiveInspection.MAX_ENTRIES);
        assertThat(files.stream().mapToLong(f -> f.content().length).sum())
                .isLessThanOrEqualTo(ArchiveInspection.MAX_INFLATED);
        for (ArchiveExpansion.Entry file : files) {
            assertThat(file.content()).isNotEmpty();
            assertThat(file.content().length).isLessThanOrEqualTo(ArchiveInspection.MAX_HELD);
            String path = file.path().replace('\\', '/');
            assertThat(path).doesNotStartWith("/");
            assertThat(List.of(path.split("/"))).doesNotContain("..");
        }
    }
}
