package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptedBlobsTests {

    private static final int MIB = 1 << 20;
    /** What a stored segment adds to its plaintext: a 12-byte nonce in front, a 16-byte tag behind. */
    private static final int OVERHEAD = 12 + 16;
    private static final int STORED_SEGMENT = MIB + OVERHEAD;

    private final UUID blobId = UUID.fromString("3f1e0c52-7a4b-4f5e-9d3c-2b1a09876543");
    private final SecretKey key = key(1);

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, MIB - 1, MIB, MIB + 1, 3 * MIB + MIB / 2})
    void content_comes_back_unchanged(int size) throws GeneralSecurityException {
        // given
        byte[] content = content(size);

        // when
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content);
        byte[] read = EncryptedBlobs.decrypt(blobId, key, stored);

        // then
        assertThat(read).isEqualTo(content);
        int segments = Math.max(1, (size + MIB - 1) / MIB);
        assertThat(stored).hasSize(size + segments * OVERHEAD);
    }

    @Test
    void the_stored_bytes_do_not_contain_the_plaintext() throws GeneralSecurityException {
        // given
        byte[] content = "%PDF-1.4 pathology report of Maria Santos".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // when
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content);

        // then
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Maria");
        assertThat(EncryptedBlobs.encrypt(blobId, key, content)).isNotEqualTo(stored);
    }

    @ParameterizedTest(name = "byte {0} of 3.5 MiB")
    @ValueSource(ints = {0, 11, 12, MIB, MIB + OVERHEAD - 1, STORED_SEGMENT + 100, 3 * STORED_SEGMENT + 5})
    void changing_one_stored_byte_fails(int position) throws GeneralSecurityException {
        // given
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content(3 * MIB + MIB / 2));
        stored[position] ^= 0x01;

        // when / then
        assertThatThrownBy(() -> EncryptedBlobs.decrypt(blobId, key, stored))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void dropping_the_whole_last_segment_fails() throws GeneralSecurityException {
        // given: one full segment and a second of one byte; keep only the first
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content(MIB + 1));
        byte[] truncated = Arrays.copyOf(stored, STORED_SEGMENT);

        // when / then
        assertThatThrownBy(() -> EncryptedBlobs.decrypt(blobId, key, truncated))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void dropping_the_last_segment_of_many_fails() throws GeneralSecurityException {
        // given
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content(3 * MIB + MIB / 2));
        byte[] truncated = Arrays.copyOf(stored, 3 * STORED_SEGMENT);

        // when / then
        assertThatThrownBy(() -> EncryptedBlobs.decrypt(blobId, key, truncated))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @ParameterizedTest(name = "cut {0} bytes")
    @ValueSource(ints = {1, 16, 17, 100, MIB / 2 + 16})
    void cutting_bytes_off_the_last_segment_fails(int cut) throws GeneralSecurityException {
        // given
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content(3 * MIB + MIB / 2));
        byte[] truncated = Arrays.copyOf(stored, stored.length - cut);

        // when / then
        assertThatThrownBy(() -> EncryptedBlobs.decrypt(blobId, key, truncated))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @ParameterizedTest(name = "{0} bytes left of the last segment")
    @ValueSource(ints = {1, 5, 12, 27})
    void a_last_segment_cut_shorter_than_nonce_and_tag_fails_as_tampering(int left)
            throws GeneralSecurityException {
        // given
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content(MIB + 1000));
        byte[] truncated = Arrays.copyOf(stored, STORED_SEGMENT + left);

        // when / then
        assertThatThrownBy(() -> EncryptedBlobs.decrypt(blobId, key, truncated))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void an_empty_or_too_short_blob_fails() {
        // given
        byte[] empty = new byte[0];
        byte[] tooShort = new byte[OVERHEAD - 1];

        // when / then
        assertThatThrownBy(() -> EncryptedBlobs.decrypt(blobId, key, empty))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> EncryptedBlobs.decrypt(blobId, key, tooShort))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void swapping_two_segments_fails() throws GeneralSecurityException {
        // given
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content(3 * MIB + MIB / 2));
        byte[] swapped = stored.clone();
        System.arraycopy(stored, 0, swapped, STORED_SEGMENT, STORED_SEGMENT);
        System.arraycopy(stored, STORED_SEGMENT, swapped, 0, STORED_SEGMENT);

        // when / then
        assertThatThrownBy(() -> EncryptedBlobs.decrypt(blobId, key, swapped))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void a_segment_moved_from_another_blob_fails() throws GeneralSecurityException {
        // given: the same key and position, but another blob's ciphertext
        byte[] content = content(2 * MIB);
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content);
        byte[] other = EncryptedBlobs.encrypt(UUID.randomUUID(), key, content);
        System.arraycopy(other, 0, stored, 0, STORED_SEGMENT);

        // when / then
        assertThatThrownBy(() -> EncryptedBlobs.decrypt(blobId, key, stored))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void decrypting_with_another_blob_id_fails() throws GeneralSecurityException {
        // given
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content(1000));
        UUID otherId = UUID.fromString("3f1e0c52-7a4b-4f5e-9d3c-2b1a09876544");

        // when / then
        assertThatThrownBy(() -> EncryptedBlobs.decrypt(otherId, key, stored))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void decrypting_with_another_key_fails() throws GeneralSecurityException {
        // given
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content(1000));

        // when / then
        assertThatThrownBy(() -> EncryptedBlobs.decrypt(blobId, key(2), stored))
                .isInstanceOf(GeneralSecurityException.class);
    }

    /** Deterministic, incompressible content, so a misplaced byte cannot go unnoticed by chance. */
    private static byte[] content(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return content;
    }

    private static SecretKey key(int seed) {
        byte[] bytes = new byte[32];
        new Random(seed).nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }

    @ParameterizedTest(name = "from byte {0}, {1} bytes")
    @org.junit.jupiter.params.provider.CsvSource({"0, 1", "0, 1048576", "1048575, 2", "1048576, 1", "1048577, 3000000",
        "2097151, 1048578", "3670015, 1", "3670000, 100"})
    void a_stream_skipped_to_any_offset_reads_the_same_bytes(long from, int length) throws Exception {
        // given 3.5 MiB stored
        byte[] content = content(3 * MIB + MIB / 2);
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content);

        // when a stream skips to the offset and reads up to the length
        byte[] read;
        try (SegmentedReader reader = new SegmentedReader(blobId, key, SegmentedReader.Source.of(stored))) {
            assertThat(reader.skip(from)).isEqualTo(from);
            read = reader.readNBytes(length);
        }

        // then it read exactly those bytes, no further than the end
        int end = (int) Math.min(content.length, from + length);
        assertThat(read).isEqualTo(Arrays.copyOfRange(content, (int) from, end));
    }

    @Test
    void a_range_reads_and_decrypts_only_the_segments_it_touches() throws Exception {
        // given 3.5 MiB stored, whose first segment was changed
        byte[] content = content(3 * MIB + MIB / 2);
        byte[] stored = EncryptedBlobs.encrypt(blobId, key, content);
        stored[NONCE_AND_SOME] ^= 0x01;

        // when a range in the third segment is read, and then the whole from its start
        byte[] range;
        try (SegmentedReader reader = new SegmentedReader(blobId, key, SegmentedReader.Source.of(stored))) {
            reader.skip(2L * MIB + 10);
            range = reader.readNBytes(100);
        }

        // then the range is right (the changed segment was never opened), and the whole fails at that segment
        assertThat(range).isEqualTo(Arrays.copyOfRange(content, 2 * MIB + 10, 2 * MIB + 110));
        assertThatThrownBy(() -> {
            try (SegmentedReader reader = new SegmentedReader(blobId, key, SegmentedReader.Source.of(stored))) {
                reader.readAllBytes();
            }
        }).isInstanceOf(SegmentedReader.TamperedException.class);
    }

    /** A byte inside the first segment's ciphertext, past its nonce. */
    private static final int NONCE_AND_SOME = 40;
}
