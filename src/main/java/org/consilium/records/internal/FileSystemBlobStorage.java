package org.consilium.records.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.consilium.platform.ConsiliumProperties;
import org.springframework.stereotype.Component;

/**
 * Ciphertext on the local file system under {@code <data-dir>/blobs}: written to a temporary name, forced to disk,
 * then moved into place and the move forced too, so a crash never leaves a half-written blob under its real name
 * nor loses a blob whose record was committed.
 */
@Component
class FileSystemBlobStorage {

    private final Path root;

    FileSystemBlobStorage(ConsiliumProperties properties) {
        this.root = properties.dataDir().resolve("blobs").toAbsolutePath();
    }

    void put(String key, byte[] ciphertext) {
        Path target = pathOf(key);
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(target.getFileName() + ".part");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(ciphertext);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // The rename itself must survive a power loss too, or a committed record could point at nothing.
            try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                folder.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not store blob " + key, e);
        }
    }

    byte[] get(String key) {
        try {
            return Files.readAllBytes(pathOf(key));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read blob " + key, e);
        }
    }

    private Path pathOf(String key) {
        if (!key.matches("[0-9a-f]{2}/[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return root.resolve(key);
    }
}
