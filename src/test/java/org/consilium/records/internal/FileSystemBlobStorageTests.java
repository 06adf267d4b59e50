package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.consilium.platform.ConsiliumProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStorageTests {

    @TempDir
    Path dataDir;

    @Test
    void a_stored_blob_and_its_folders_are_private_and_no_temporary_file_is_left() throws Exception {
        // given
        FileSystemBlobStorage storage = new FileSystemBlobStorage(properties());
        String key = "ab/" + UUID.randomUUID();

        // when
        storage.put(key, new byte[] {1, 2, 3});

        // then
        Path blobs = dataDir.resolve("blobs");
        byte[] read = new byte[3];
        try (SegmentedReader.Source source = storage.open(key)) {
            assertThat(source.size()).isEqualTo(3);
            source.readFully(0, read);
        }
        assertThat(read).containsExactly(1, 2, 3);
        assertThat(Files.getPosixFilePermissions(blobs.resolve(key)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(blobs)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(blobs.resolve("ab")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (var files = Files.list(blobs.resolve("ab"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void a_leftover_temporary_file_readable_by_others_does_not_make_the_blob_readable() throws Exception {
        // given a ".part" left by a crash, open to everyone
        String key = "cd/" + UUID.randomUUID();
        Path part = Files.createDirectories(dataDir.resolve("blobs/cd")).resolve(key.substring(3) + ".part");
        Files.writeString(part, "half");
        Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-rw-rw-"));

        // when
        new FileSystemBlobStorage(properties()).put(key, new byte[] {4});

        // then
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("blobs").resolve(key)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(part).doesNotExist();
    }

    @Test
    void blob_folders_left_open_by_an_earlier_version_are_closed_at_start() throws Exception {
        // given
        Path folder = Files.createDirectories(dataDir.resolve("blobs/ef"));
        Files.setPosixFilePermissions(dataDir.resolve("blobs"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));

        // when
        new FileSystemBlobStorage(properties());

        // then
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("blobs")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    private ConsiliumProperties properties() {
        return new ConsiliumProperties(dataDir, new ConsiliumProperties.Db(null, null, null, null, null, true),
                new ConsiliumProperties.Secrets(null, null, false, java.util.List.of()),
                new ConsiliumProperties.Limits(org.springframework.util.unit.DataSize.ofMegabytes(1), 3,
                        org.springframework.util.unit.DataSize.ofGigabytes(2), 30), java.util.List.of(), null);
    }
}
