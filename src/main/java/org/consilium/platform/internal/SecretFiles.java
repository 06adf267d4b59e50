package org.consilium.platform.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.function.Supplier;
import org.consilium.shared.PrivateFiles;

/**
 * Generated secrets kept as files under {@code <data-dir>/secrets}: one value a file, in an owner-only folder (700),
 * each file owner-only (600) from the moment it exists, and written whole or not at all.
 */
final class SecretFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {
    }

    /** The value in {@code file}, generating and storing one first if the file does not exist. */
    static String readOrCreate(Path file, Supplier<String> generator) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        String value = generator.get();
        write(file, value);
        return value;
    }

    /** Writes to a private temporary file, forces it to disk, then renames it into place. */
    static void write(Path file, String value) throws IOException {
        PrivateFiles.createFolders(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".part");
        Files.deleteIfExists(temp);
        try (FileChannel channel = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PrivateFiles.newFile())) {
            ByteBuffer bytes = ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A random password of 32 bytes (256 bits) in URL-safe base64: no quotes, spaces or backslashes. */
    static String newPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
