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

    @Test
    void a_data_key_under_version_1_keeps_the_associated_data_it_had_before_versions_existed() throws Exception {
        // given a data key wrapped as before master key versions: blob id, segment -1, last
        byte[] dataKey = key(3).getEncoded();
        byte[] nonce = new byte[12];
        byte[] legacy = EncryptedBlobs.aes(javax.crypto.Cipher.ENCRYPT_MODE, key(4), nonce,
                EncryptedBlobs.aad(blobId, -1, true), dataKey, 0, dataKey.length);

        // when / then it opens as version 1, and later versions bind their number after the same 25 bytes
        assertThat(EncryptedBlobs.unwrap(blobId, 1, key(4), nonce, legacy)).isEqualTo(dataKey);
        assertThat(EncryptedBlobs.keyAad(blobId, 1)).isEqualTo(EncryptedBlobs.aad(blobId, -1, true));
        assertThat(java.util.HexFormat.of().formatHex(EncryptedBlobs.keyAad(blobId, 2)))
                .isEqualTo("3f1e0c527a4b4f5e9d3c2b1a09876543" + "ffffffffffffffff" + "01" + "00000002");
    }

    @Test
    void rewrapping_changes_the_wrapped_key_only_and_the_old_master_key_no_longer_opens_it() throws Exception {
        // given content stored under a data key wrapped by master key version 1
        SecretKey oldMaster = key(5);
        SecretKey newMaster = key(6);
        byte[] dataKey = key(7).getEncoded();
        byte[] content = content(MIB + 10);
        byte[] stored = EncryptedBlobs.encrypt(blobId, new SecretKeySpec(dataKey, "AES"), content);
        byte[] storedBefore = stored.clone();
        byte[] oldNonce = new byte[12];
        byte[] newNonce = new byte[12];
        newNonce[0] = 1;
        byte[] wrapped = EncryptedBlobs.wrap(blobId, 1, oldMaster, oldNonce, dataKey);

        // when it is unwrapped under version 1 and wrapped under version 2
        byte[] rewrapped = EncryptedBlobs.wrap(blobId, 2, newMaster, newNonce,
                EncryptedBlobs.unwrap(blobId, 1, oldMaster, oldNonce, wrapped));

        // then the wrapped key differs, the content reads with the key it gives, and the stored bytes are as they were
        assertThat(rewrapped).isNotEqualTo(wrapped);
        byte[] unwrapped = EncryptedBlobs.unwrap(blobId, 2, newMaster, newNonce, rewrapped);
        assertThat(unwrapped).isEqualTo(dataKey);
        assertThat(EncryptedBlobs.decrypt(blobId, new SecretKeySpec(unwrapped, "AES"), stored)).isEqualTo(content);
        assertThat(stored).isEqualTo(storedBefore);
        // and neither the old master key, nor another version's number, nor another blob's id opens it
        assertThatThrownBy(() -> EncryptedBlobs.unwrap(blobId, 2, oldMaster, newNonce, rewrapped))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> EncryptedBlobs.unwrap(blobId, 1, oldMaster, newNonce, rewrapped))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> EncryptedBlobs.unwrap(blobId, 3, newMaster, newNonce, rewrapped))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> EncryptedBlobs.unwrap(UUID.randomUUID(), 2, newMaster, newNonce, rewrapped))
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
