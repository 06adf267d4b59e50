package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.consilium.ObjectStore;
import org.consilium.records.StorageSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The S3 adapter against a real S3-compatible server (S3Proxy, started here in this JVM): whole blobs and ranges of
 * them, blobs in parts written out of order, again and past what is counted, completion done twice, aborts, deletes
 * and the orphan sweep; and a blob sealed segment by segment as an upload's requests bring it, read back through the
 * vault's decrypting reader. Parts but the last are at least 5 MiB, as S3 requires.
 */
class S3BlobStorageTests {

    private static final int MIB = 1 << 20;
    private static final int PART = 5 * MIB;
    private static final String BUCKET = "consilium-records";

    private static ObjectStore server;

    private S3BlobStorage storage;

    @BeforeAll
    static void startServer() throws Exception {
        server = ObjectStore.start();
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void connect() {
        // a prefix of its own per test, so that the sweep sees only this test's objects
        storage = S3BlobStorage.connect(settings(BUCKET, "test-" + UUID.randomUUID()));
    }

    @AfterEach
    void disconnect() {
        storage.close();
    }

    @Test
    void a_whole_blob_reads_back_from_any_position() throws Exception {
        // given
        String key = newKey();
        byte[] stored = bytes(3 * MIB + 17, 1);

        // when
        storage.put(key, stored);

        // then
        try (SegmentedReader.Source source = storage.open(key)) {
            assertThat(source.size()).isEqualTo(stored.length);
            assertThat(read(source, 0, 10)).isEqualTo(Arrays.copyOf(stored, 10));
            assertThat(read(source, MIB + 5, MIB)).isEqualTo(Arrays.copyOfRange(stored, MIB + 5, 2 * MIB + 5));
            assertThat(read(source, stored.length - 3, 3))
                    .isEqualTo(Arrays.copyOfRange(stored, stored.length - 3, stored.length));
            assertThatThrownBy(() -> read(source, stored.length - 3, 4)).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void a_blob_that_is_not_there_does_not_open() {
        assertThatThrownBy(() -> storage.open(newKey())).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void parts_written_out_of_order_and_written_again_become_the_blob_only_once_complete() throws Exception {
        // given
        String key = newKey();
        byte[] first = bytes(PART, 2);
        byte[] firstAgain = bytes(PART, 3);
        byte[] second = bytes(PART + 100, 4);
        byte[] last = bytes(1234, 5);
        String handle = storage.beginParts(key);

        // when the second part comes first, then the first twice (the second time replaces it), then the last
        try (BlobStorage.PartWriter writer = storage.writeParts(key, handle)) {
            writer.write(2, PART, second, second.length);
            writer.write(1, 0, first, first.length);
            writer.sync();
        }
        try (BlobStorage.PartWriter writer = storage.writeParts(key, handle)) {
            writer.write(1, 0, firstAgain, firstAgain.length);
            writer.write(3, 2L * PART + 100, last, last.length);
        }
        assertThatThrownBy(() -> storage.open(key)).isInstanceOf(NoSuchFileException.class);
        storage.completeParts(key, handle, 3, 2L * PART + 100 + last.length);

        // then
        assertThat(readAll(key)).isEqualTo(concat(firstAgain, second, last));
    }

    @Test
    void completion_uses_only_the_parts_counted_and_may_be_done_again() throws Exception {
        // given three parts, of which a request that died before it counted wrote the third
        String key = newKey();
        byte[] first = bytes(PART, 6);
        byte[] second = bytes(321, 7);
        String handle = storage.beginParts(key);
        try (BlobStorage.PartWriter writer = storage.writeParts(key, handle)) {
            writer.write(1, 0, first, first.length);
            writer.write(2, PART, second, second.length);
            writer.write(3, PART + 321, bytes(PART, 8), PART);
        }

        // when it is completed with two, and again, as a finish retried after its first try completed
        storage.completeParts(key, handle, 2, PART + 321);
        storage.completeParts(key, handle, 2, PART + 321);

        // then
        assertThat(readAll(key)).isEqualTo(concat(first, second));
    }

    @Test
    void completion_refuses_parts_that_do_not_hold_the_counted_bytes() throws Exception {
        // given
        String key = newKey();
        String handle = storage.beginParts(key);
        try (BlobStorage.PartWriter writer = storage.writeParts(key, handle)) {
            writer.write(1, 0, bytes(100, 9), 100);
        }

        // when / then: a part missing, or fewer bytes than counted
        assertThatThrownBy(() -> storage.completeParts(key, handle, 2, 200)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("1 of 2");
        assertThatThrownBy(() -> storage.completeParts(key, handle, 1, 101)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("100 of 101");
        assertThatThrownBy(() -> storage.open(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aborted_parts_are_gone_and_aborting_again_is_harmless() throws Exception {
        // given
        String key = newKey();
        String handle = storage.beginParts(key);
        try (BlobStorage.PartWriter writer = storage.writeParts(key, handle)) {
            writer.write(1, 0, bytes(1000, 10), 1000);
        }

        // when
        storage.abortParts(key, handle);
        storage.abortParts(key, handle);

        // then
        assertThatThrownBy(() -> storage.completeParts(key, handle, 1, 1000)).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> storage.open(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void a_deleted_blob_is_gone_and_deleting_again_is_harmless() {
        // given
        String key = newKey();
        storage.put(key, bytes(10, 11));

        // when
        storage.delete(key);
        storage.delete(key);

        // then
        assertThatThrownBy(() -> storage.open(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void the_sweep_deletes_old_blobs_no_row_knows_and_nothing_else() throws Exception {
        // given blobs a row knows and blobs none does, and, under the prefix, an object that is not a blob's
        String prefix = "sweep-" + UUID.randomUUID() + "/";
        S3BlobStorage swept = S3BlobStorage.connect(settings(BUCKET, prefix));
        String known = newKey();
        String orphan = newKey();
        String laterOrphan = newKey();
        swept.put(known, bytes(10, 12));
        swept.put(orphan, bytes(10, 13));
        Instant between = Instant.now().plusSeconds(1);
        Thread.sleep(2_000);
        swept.put(laterOrphan, bytes(10, 14));
        try (var client = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(server.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        ObjectStore.ACCESS_KEY, ObjectStore.SECRET_KEY))
                .forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation
                        .WHEN_REQUIRED).build()) {
            client.putObject(r -> r.bucket(BUCKET).key(prefix + "notes.txt"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("not a blob"));
        }
        Set<UUID> asked = new HashSet<>();

        // when the sweep runs for what is older than the moment between
        int deleted = swept.deleteOrphans(between, ids -> {
            asked.addAll(ids);
            return Set.of(idOf(known));
        });

        // then only the old orphan is gone
        assertThat(deleted).isEqualTo(1);
        assertThat(asked).containsExactlyInAnyOrder(idOf(known), idOf(orphan));
        assertThatThrownBy(() -> swept.open(orphan)).isInstanceOf(NoSuchFileException.class);
        swept.open(known).close();
        swept.open(laterOrphan).close();
        assertThat(server.objects(BUCKET)).contains(prefix + "notes.txt");
        swept.close();
    }

    @Test
    void a_blob_sealed_as_an_upload_brings_it_streams_back_through_the_decrypting_reader() throws Exception {
        // given an 11.5 MiB file, sealed segment by segment as three requests bring it, each ending in a checkpoint
        UUID id = UUID.randomUUID();
        SecretKey dataKey = new SecretKeySpec(bytes(32, 15), "AES");
        byte[] content = bytes(11 * MIB + MIB / 2, 16);
        String key = id.toString().substring(0, 2) + "/" + id;
        String handle = storage.beginParts(key);
        PartialBlobs.Progress progress = new PartialBlobs.Progress(0, 0, 0, null, null);
        int[] cuts = {0, 3 * MIB + 5, 9 * MIB + 77, content.length};
        AtomicInteger largestPart = new AtomicInteger();
        for (int request = 0; request < 3; request++) {
            BlobStorage.PartWriter writer = storage.writeParts(key, handle);
            BlobStorage.PartWriter watched = new BlobStorage.PartWriter() {
                @Override
                public void write(int number, long position, byte[] bytes, int length) throws java.io.IOException {
                    largestPart.accumulateAndGet(length, Math::max);
                    writer.write(number, position, bytes, length);
                }

                @Override
                public void sync() throws java.io.IOException {
                    writer.sync();
                }

                @Override
                public void close() throws java.io.IOException {
                    writer.close();
                }
            };
            try (PartialBlob blob = new PartialBlob(id, dataKey, content.length, progress, watched,
                    storage.minPartSize())) {
                blob.write(content, cuts[request], cuts[request + 1] - cuts[request]);
                progress = blob.checkpoint();
            }
        }

        // when the parts are completed
        storage.completeParts(key, handle, progress.parts(), progress.stored());

        // then the parts were S3-sized, and the plaintext comes back whole, and from a skip into the third segment
        assertThat(progress.parts()).isEqualTo(3);
        assertThat(largestPart.get()).isGreaterThanOrEqualTo(PART);
        assertThat(progress.pending()).isNull();
        try (InputStream in = new SegmentedReader(id, dataKey, storage.open(key))) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        try (SegmentedReader in = new SegmentedReader(id, dataKey, storage.open(key))) {
            assertThat(in.plaintextSize()).isEqualTo(content.length);
            in.skipNBytes(2L * MIB + 10);
            assertThat(in.readNBytes(100)).isEqualTo(Arrays.copyOfRange(content, 2 * MIB + 10, 2 * MIB + 110));
        }
    }

    @Test
    void the_start_is_refused_without_a_bucket_or_credentials_or_when_the_bucket_is_not_there() {
        StorageSettings.S3 noBucket = new StorageSettings.S3(server.endpoint(), ObjectStore.REGION, null,
                ObjectStore.ACCESS_KEY, ObjectStore.SECRET_KEY, "");
        StorageSettings.S3 noSecret = new StorageSettings.S3(server.endpoint(), ObjectStore.REGION, BUCKET,
                ObjectStore.ACCESS_KEY, " ", "");
        StorageSettings.S3 wrongSecret = new StorageSettings.S3(server.endpoint(), ObjectStore.REGION, BUCKET,
                ObjectStore.ACCESS_KEY, "not-the-secret", "");

        assertThatThrownBy(() -> S3BlobStorage.connect(noBucket)).hasMessageStartingWith("Refusing to start: ")
                .hasMessageContaining("CONSILIUM_STORAGE_S3_BUCKET");
        assertThatThrownBy(() -> S3BlobStorage.connect(noSecret)).hasMessageStartingWith("Refusing to start: ")
                .hasMessageContaining("CONSILIUM_STORAGE_S3_SECRET_KEY");
        assertThatThrownBy(() -> S3BlobStorage.connect(settings("no-such-bucket", "")))
                .hasMessageStartingWith("Refusing to start: ").hasMessageContaining("no-such-bucket")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> S3BlobStorage.connect(wrongSecret)).hasMessageStartingWith("Refusing to start: ")
                .hasMessageContaining(BUCKET);
    }

    private static StorageSettings.S3 settings(String bucket, String prefix) {
        return new StorageSettings.S3(server.endpoint(), ObjectStore.REGION, bucket, ObjectStore.ACCESS_KEY,
                ObjectStore.SECRET_KEY, prefix);
    }

    private static String newKey() {
        UUID id = UUID.randomUUID();
        return id.toString().substring(0, 2) + "/" + id;
    }

    private static UUID idOf(String key) {
        return UUID.fromString(key.substring(3));
    }

    private byte[] readAll(String key) throws Exception {
        try (SegmentedReader.Source source = storage.open(key)) {
            return read(source, 0, (int) source.size());
        }
    }

    private static byte[] read(SegmentedReader.Source source, long position, int length) throws Exception {
        byte[] into = new byte[length];
        source.readFully(position, into);
        return into;
    }

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... arrays) {
        int length = Arrays.stream(arrays).mapToInt(a -> a.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] array : arrays) {
            System.arraycopy(array, 0, all, at, array.length);
            at += array.length;
        }
        return all;
    }
}
