package org.consilium.platform.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.consilium.shared.PrivateFiles;

/**
 * The data directory's layout as far as the platform owns it, and its permissions: the folder and its
 * {@code secrets} are the service account's alone (700, files 600). {@code blobs} is the records module's and it
 * keeps it private itself; {@code postgres} is kept private by PostgreSQL.
 */
final class DataDirectory {

    static final String SECRETS = "secrets";
    static final String POSTGRES = "postgres";

    private DataDirectory() {
    }

    /** Makes the existing data directory, its secrets folder and every file in it owner-only again. */
    static void tighten(Path dataDir) throws IOException {
        Path secrets = dataDir.resolve(SECRETS);
        try {
            PrivateFiles.restrict(dataDir);
            PrivateFiles.restrict(secrets);
            if (Files.isDirectory(secrets)) {
                List<Path> files;
                try (var entries = Files.list(secrets)) {
                    files = entries.filter(Files::isRegularFile).toList();
                }
                for (Path file : files) {
                    PrivateFiles.restrict(file);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(RefusalFailureAnalyzer.PREFIX + "cannot make " + dataDir.toAbsolutePath()
                    + " and its secrets private to this account (" + e.getMessage()
                    + "). Run Consilium as the owner of its data directory.", e);
        }
    }
}
