package org.consilium.records.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;
import org.consilium.platform.ConsiliumProperties;
import org.consilium.shared.PrivateFiles;

/**
 * Ciphertext on the local file system under {@code <data-dir>/blobs}: written to a temporary name, forced to disk,
 * then moved into place and the move forced too, so a crash never leaves a half-written blob under its real name
 * nor loses a blob whose record was committed. Folders are owner-only (700) and files too (600) from their creation;
 * folders left open by an earlier version are closed at start.
 */
class FileSystemBlobStorage implements BlobStorage {

    private final Path root;
    /** Blobs being written in parts, under a name of their own until complete. */
    private final Path partial;

    FileSystemBlobStorage(ConsiliumProperties properties) throws IOException {
        this.root = properties.dataDir().resolve("blobs").toAbsolutePath();
        this.partial = root.resolve("uploads");
        if (Files.isDirectory(root)) {
            PrivateFiles.restrict(root);
            try (var folders = Files.list(root)) {
                for (Path folder : folders.filter(Files::isDirectory).toList()) {
                    PrivateFiles.restrict(folder);
                }
            }
        }
    }

    @Override
    public void put(String key, byte[] ciphertext) {
        Path target = pathOf(key);
        try {
            PrivateFiles.createFolders(target.getParent());
            Path temp = target.resolveSibling(target.getFileName() + ".part");
            // A leftover from a crash may carry other permissions: start afresh, owner-only from the first byte.
            Files.deleteIfExists(temp);
            try (FileChannel channel = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PrivateFiles.newFile())) {
                ByteBuffer buffer = ByteBuffer.wrap(ciphertext);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            moveIntoPlace(temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store blob " + key, e);
        }
    }

    /** Renames a forced file to its blob's name; the rename itself must survive a power loss too. */
    private static void moveIntoPlace(Path written, Path target) throws IOException {
        Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        }
    }

    @Override
    public SegmentedReader.Source open(String key) throws IOException {
        return SegmentedReader.Source.of(FileChannel.open(pathOf(key), StandardOpenOption.READ));
    }

    @Override
    public long minPartSize() {
        return 0;
    }

    /** The parts go, one after the other, into one owner-only file under {@code blobs/uploads}. */
    @Override
    public String beginParts(String key) {
        Path file = partialOf(key);
        try {
            PrivateFiles.createFolders(partial);
            Files.deleteIfExists(file);
            Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PrivateFiles.newFile()).close();
            return "file";
        } catch (IOException e) {
            throw new UncheckedIOException("could not start blob " + key, e);
        }
    }

    @Override
    public PartWriter writeParts(String key, String handle) throws IOException {
        FileChannel channel = FileChannel.open(partialOf(key), StandardOpenOption.WRITE);
        return new PartWriter() {
            private long unforced;
            private java.util.concurrent.CompletableFuture<Void> forcing =
                    java.util.concurrent.CompletableFuture.completedFuture(null);

            @Override
            public void write(int number, long position, byte[] bytes, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer, position + buffer.position());
                }
                // The kernel would hold a large upload in its cache and write it all at the final sync: push what
                // is written to disk as it goes, on a thread of its own, so the final sync has little left to wait
                // for. A push still under way is not doubled.
                unforced += length;
                if (unforced >= BACKGROUND_SYNC && forcing.isDone()) {
                    unforced = 0;
                    forcing = java.util.concurrent.CompletableFuture.runAsync(() -> {
                        try {
                            channel.force(false);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, runnable -> Thread.ofVirtual().name("blob-sync").start(runnable));
                }
            }

            @Override
            public void sync() throws IOException {
                try {
                    forcing.join();
                } catch (java.util.concurrent.CompletionException e) {
                    // Forced again below, which reports what still fails.
                }
                channel.force(true);
            }

            @Override
            public void close() throws IOException {
                try {
                    forcing.join();
                } catch (java.util.concurrent.CompletionException e) {
                    // The upload's last sync already failed or was never reached; closing goes on.
                }
                channel.close();
            }
        };
    }

    /** How many bytes a part writer lets the kernel hold before it pushes them to disk in the background. */
    private static final long BACKGROUND_SYNC = 32L * 1024 * 1024;

    @Override
    public void completeParts(String key, String handle, int parts, long size) {
        Path file = partialOf(key);
        Path target = pathOf(key);
        try {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                if (channel.size() < size) {
                    throw new IOException("the parts of blob " + key + " hold " + channel.size() + " of " + size
                            + " bytes");
                }
                channel.truncate(size);
                channel.force(true);
            }
            PrivateFiles.createFolders(target.getParent());
            moveIntoPlace(file, target);
        } catch (IOException e) {
            throw new UncheckedIOException("could not complete blob " + key, e);
        }
    }

    @Override
    public void abortParts(String key, String handle) {
        try {
            Files.deleteIfExists(partialOf(key));
        } catch (IOException e) {
            throw new UncheckedIOException("could not drop the parts of blob " + key, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(pathOf(key));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete blob " + key, e);
        }
    }

    /**
     * Deletes the files under the blob folder that nothing can ever read, last changed before {@code before}: blob
     * files whose id {@code isKnown} denies (an upload died between writing the file and committing its row) and
     * temporary {@code .part} files (it died while writing). Anything else found there is left alone. The age keeps
     * it off the file of an upload that is committing right now.
     *
     * @param isKnown answers, of a batch of blob ids, those that have a row
     * @return how many files were deleted
     */
    @Override
    public int deleteOrphans(Instant before, java.util.function.UnaryOperator<java.util.Set<UUID>> isKnown) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int deleted = 0;
        try (var folders = Files.list(root)) {
            for (Path folder : folders.filter(f -> Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)
                    && f.getFileName().toString().matches("[0-9a-f]{2}")).toList()) {
                java.util.Map<UUID, Path> candidates = new java.util.HashMap<>();
                try (var files = Files.list(folder)) {
                    for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                        String name = file.getFileName().toString();
                        boolean blob = name.matches(BLOB_NAME) && name.startsWith(folder.getFileName().toString());
                        boolean part = name.endsWith(".part") && name.substring(0, name.length() - 5).matches(BLOB_NAME);
                        if (!(blob || part) || !Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS)
                                .toInstant().isBefore(before)) {
                            continue;
                        }
                        if (part) {
                            deleted += Files.deleteIfExists(file) ? 1 : 0;
                        } else {
                            candidates.put(UUID.fromString(name), file);
                        }
                    }
                }
                java.util.Set<UUID> known = candidates.isEmpty() ? java.util.Set.of()
                        : isKnown.apply(candidates.keySet());
                for (var candidate : candidates.entrySet()) {
                    if (!known.contains(candidate.getKey())) {
                        deleted += Files.deleteIfExists(candidate.getValue()) ? 1 : 0;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not sweep " + root + " for orphaned blobs", e);
        }
        return deleted;
    }

    private static final String BLOB_NAME = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private Path pathOf(String key) {
        if (!key.matches("[0-9a-f]{2}/[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return root.resolve(key);
    }

    private Path partialOf(String key) {
        return partial.resolve(pathOf(key).getFileName());
    }
}
