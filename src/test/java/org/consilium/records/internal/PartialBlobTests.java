package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A blob written in pieces, over requests that stop and resume anywhere, stores exactly what a blob written whole
 * does: the same segments, bound to the same blob, index and last flag, readable by the streaming reader; the
 * unfinished segment carried between requests is sealed to its blob and place too.
 */
class PartialBlobTests {

    private static final int MIB = 1 << 20;
    private static final long S3_PART = 5L * MIB;

    private final UUID id = UUID.fromString("0c9b7d3e-51a2-4e6f-8a1b-2c3d4e5f6a7b");
    private final SecretKey key = new SecretKeySpec(new byte[32], "AES");

    static Stream<Arguments> pieces() {
        return Stream.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L).flatMap(seed -> Stream.of(
                Arguments.of(seed, 0L), Arguments.of(seed, S3_PART)));
    }

    @ParameterizedTest(name = "seed {0}, parts of at least {1} bytes")
    @MethodSource("pieces")
    void pieces_sent_over_interrupted_requests_read_back_as_the_whole(long seed, long minPartSize) throws Exception {
        // given content of a random length, cut into random pieces, with requests that stop after random pieces
        Random random = new Random(seed);
        int length = 1 + random.nextInt(seed % 3 == 0 ? 13 * MIB : 3 * MIB);
        if (seed == 4) {
            length = 2 * MIB; // a whole number of segments: the last full one must carry the last flag
        }
        byte[] content = new byte[length];
        random.nextBytes(content);
        MemoryStorage storage = new MemoryStorage(minPartSize);

        // when it is written request by request, each resuming from the progress the last one left
        PartialBlobs.Progress progress = new PartialBlobs.Progress(0, 0, 0, null, null);
        int at = 0;
        while (at < length) {
            try (PartialBlob blob = new PartialBlob(id, key, length, progress, storage.writeParts("k", "h"),
                    minPartSize)) {
                int requestEnd = random.nextInt(4) == 0 ? length : Math.min(length, at + 1 + random.nextInt(3 * MIB));
                while (at < requestEnd) {
                    int piece = Math.min(requestEnd - at, 1 + random.nextInt(700_000));
                    blob.write(content, at, piece);
                    at += piece;
                }
                progress = blob.checkpoint();
            }
            assertThat(progress.received()).isEqualTo(at);
            if (progress.pending() != null) {
                assertThat((long) progress.pending().length).isLessThan(Math.max(minPartSize, 4L * PartialBlob.FULL));
            }
        }
        storage.completeParts("k", "h", progress.parts(), progress.stored());

        // then nothing waits, and the stored blob is read back whole, segment by segment
        assertThat(progress.pending()).isNull();
        assertThat(progress.tail()).isNull();
        byte[] stored = storage.blob;
        int segments = Math.max(1, (length + MIB - 1) / MIB);
        assertThat(stored).hasSize(length + segments * (EncryptedBlobs.NONCE + EncryptedBlobs.TAG));
        assertThat(EncryptedBlobs.decrypt(id, key, stored)).isEqualTo(content);
        if (minPartSize > 0) {
            assertThat(storage.partSizes.values().stream().limit(Math.max(0, progress.parts() - 1)))
                    .allSatisfy(size -> assertThat((long) size).isGreaterThanOrEqualTo(minPartSize));
        }
    }

    @Test
    void the_unfinished_segment_opens_only_for_its_blob_and_place() throws Exception {
        // given half a segment in, checkpointed
        byte[] content = new byte[MIB / 2];
        new Random(7).nextBytes(content);
        MemoryStorage storage = new MemoryStorage(0);
        PartialBlobs.Progress progress;
        try (PartialBlob blob = new PartialBlob(id, key, 3L * MIB, new PartialBlobs.Progress(0, 0, 0, null, null),
                storage.writeParts("k", "h"), 0)) {
            blob.write(content, 0, content.length);
            progress = blob.checkpoint();
        }
        byte[] tail = progress.tail();
        assertThat(tail).isNotNull();
        assertThat(new String(tail, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(content, 0, 32, java.nio.charset.StandardCharsets.ISO_8859_1));

        // when it is resumed under another blob, changed, or moved a segment on
        byte[] changed = tail.clone();
        changed[40] ^= 1;
        PartialBlobs.Progress moved = new PartialBlobs.Progress(MIB + content.length, 1, PartialBlob.FULL, null,
                tail);

        // then each refuses to open
        assertThatThrownBy(() -> new PartialBlob(UUID.randomUUID(), key, 3L * MIB, progress,
                storage.writeParts("k", "h"), 0)).isInstanceOf(java.security.GeneralSecurityException.class);
        assertThatThrownBy(() -> new PartialBlob(id, key, 3L * MIB, new PartialBlobs.Progress(content.length, 0, 0,
                null, changed), storage.writeParts("k", "h"), 0))
                .isInstanceOf(java.security.GeneralSecurityException.class);
        assertThatThrownBy(() -> new PartialBlob(id, key, 3L * MIB, moved, storage.writeParts("k", "h"), 0))
                .isInstanceOf(java.security.GeneralSecurityException.class);
    }

    @Test
    void bytes_past_the_declared_length_are_refused_and_none_of_them_taken() throws Exception {
        // given
        MemoryStorage storage = new MemoryStorage(0);
        try (PartialBlob blob = new PartialBlob(id, key, 10, new PartialBlobs.Progress(0, 0, 0, null, null),
                storage.writeParts("k", "h"), 0)) {
            blob.write(new byte[6], 0, 6);

            // when / then
            assertThatThrownBy(() -> blob.write(new byte[5], 0, 5)).isInstanceOf(IllegalArgumentException.class);
            assertThat(blob.received()).isEqualTo(6);
            assertThat(blob.remaining()).isEqualTo(4);
        }
    }

    /** Parts in memory, each replaced when written again, joined in order by number when completed. */
    private static final class MemoryStorage implements BlobStorage {

        private final long minPartSize;
        private final TreeMap<Integer, byte[]> parts = new TreeMap<>();
        private final TreeMap<Integer, Integer> partSizes = new TreeMap<>();
        private byte[] blob;

        MemoryStorage(long minPartSize) {
            this.minPartSize = minPartSize;
        }

        @Override
        public void put(String key, byte[] ciphertext) {
            blob = ciphertext.clone();
        }

        @Override
        public SegmentedReader.Source open(String key) {
            return SegmentedReader.Source.of(blob);
        }

        @Override
        public long minPartSize() {
            return minPartSize;
        }

        @Override
        public String beginParts(String key) {
            return "h";
        }

        @Override
        public PartWriter writeParts(String key, String handle) {
            return new PartWriter() {
                @Override
                public void write(int number, long position, byte[] bytes, int length) {
                    parts.put(number, Arrays.copyOf(bytes, length));
                    partSizes.put(number, length);
                }

                @Override
                public void sync() {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void completeParts(String key, String handle, int count, long size) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int number = 1; number <= count; number++) {
                joined.writeBytes(parts.get(number));
            }
            blob = joined.toByteArray();
            assertThat((long) blob.length).isEqualTo(size);
        }

        @Override
        public void abortParts(String key, String handle) {
            parts.clear();
        }

        @Override
        public void delete(String key) {
            blob = null;
        }

        @Override
        public int deleteOrphans(Instant before, UnaryOperator<Set<UUID>> isKnown) {
            return 0;
        }
    }
}
