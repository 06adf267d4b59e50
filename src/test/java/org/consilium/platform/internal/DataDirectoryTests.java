package org.consilium.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTests {

    @TempDir
    Path dataDir;

    @Test
    void a_data_directory_and_secrets_left_open_to_other_accounts_are_closed_at_start() throws Exception {
        // given folders and a key as an earlier version or a careless copy left them
        Path secrets = Files.createDirectories(dataDir.resolve("secrets"));
        Path key = Files.writeString(secrets.resolve("master.key"), "key\n");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        // when
        DataDirectory.tighten(dataDir);

        // then
        assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(secrets)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void tightening_creates_nothing() throws Exception {
        // when
        DataDirectory.tighten(dataDir);

        // then
        assertThat(dataDir.resolve("secrets")).doesNotExist();
    }

    @Test
    void a_secret_file_is_private_from_its_first_byte_and_read_back_as_written() throws Exception {
        // when
        String written = SecretFiles.readOrCreate(dataDir.resolve("secrets/app.password"), SecretFiles::newPassword);
        String read = SecretFiles.readOrCreate(dataDir.resolve("secrets/app.password"), () -> "other");

        // then
        assertThat(read).isEqualTo(written).hasSize(43);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("secrets")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("secrets/app.password")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(dataDir.resolve("secrets"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("app.password");
        }
    }
}
