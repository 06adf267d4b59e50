package org.consilium.records.internal;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.consilium.platform.KeyRing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stored content: each blob has its own AES-256 data key, wrapped by the master key. Content is cut into independent
 * 1 MiB AES-GCM segments whose associated data binds blob id, segment index and a last-segment flag, so a segment
 * cannot be moved to another blob or position and a truncated blob fails to open.
 */
@Component
public class EncryptedBlobs {

    static final int SEGMENT = 1 << 20;
    static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    static final int TAG = TAG_BITS / 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final KeyRing keys;
    private final BlobStorage storage;

    EncryptedBlobs(JdbcClient jdbc, KeyRing keys, BlobStorage storage) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.storage = storage;
    }

    /**
     * A blob whose ciphertext is on disk but not yet known to the database: {@link #register} makes it so, in the
     * transaction that stores its record. A prepared blob never registered is an orphan file the purge collects.
     */
    public record PreparedBlob(UUID id, byte[] wrappedKey, byte[] keyNonce, long size, String sha256,
            String storageKey) {
    }

    /**
     * Encrypts the content and writes it to storage, the slow part of storing a blob (it needs no database, so it
     * runs outside any transaction).
     */
    public PreparedBlob prepare(byte[] content, String sha256) {
        NewBlob blob = newBlob();
        try {
            storage.put(blob.storageKey(), encrypt(blob.id(), blob.key(), content));
            return new PreparedBlob(blob.id(), blob.wrappedKey(), blob.keyNonce(), content.length, sha256,
                    blob.storageKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt a blob", e);
        }
    }

    /**
     * A new blob's id, its own data key and that key wrapped by the master key; nothing is stored yet.
     *
     * @param storageKey where its ciphertext will be stored
     */
    public record NewBlob(UUID id, SecretKey key, byte[] wrappedKey, byte[] keyNonce, String storageKey) {
    }

    public NewBlob newBlob() {
        UUID id = UUID.randomUUID();
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        byte[] keyNonce = nonce();
        try {
            byte[] wrapped = aes(Cipher.ENCRYPT_MODE, keys.masterKey(), keyNonce, aad(id, -1, true), dataKey, 0,
                    dataKey.length);
            return new NewBlob(id, new SecretKeySpec(dataKey, "AES"), wrapped, keyNonce,
                    id.toString().substring(0, 2) + "/" + id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not wrap a data key", e);
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** A blob's data key, unwrapped from what {@link #newBlob()} gave. */
    public SecretKey unwrap(UUID id, byte[] wrappedKey, byte[] keyNonce) {
        try {
            byte[] dataKey = aes(Cipher.DECRYPT_MODE, keys.masterKey(), keyNonce, aad(id, -1, true), wrappedKey, 0,
                    wrappedKey.length);
            return new SecretKeySpec(dataKey, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("blob " + id + " failed its integrity check", e);
        }
    }

    /** Deletes a complete blob's ciphertext that no record points at: a refused upload's. */
    public void discard(String storageKey) {
        storage.delete(storageKey);
    }

    /** Records a prepared blob in the database; answers its id. */
    public UUID register(PreparedBlob blob, Instant now) {
        jdbc.sql("""
                insert into records_blobs (id, wrapped_key, key_nonce, size, sha256, storage_key, created_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """)
                .params(blob.id(), blob.wrappedKey(), blob.keyNonce(), blob.size(), blob.sha256(), blob.storageKey(),
                        Timestamp.from(now))
                .update();
        return blob.id();
    }

    /** Encrypts and stores the content; answers the new blob's id. */
    public UUID store(byte[] content, String sha256, Instant now) {
        return register(prepare(content, sha256), now);
    }

    /**
     * Deletes blob files that no row of {@code records_blobs} knows, and leftover temporary files, last changed more
     * than {@code age} before {@code now}: what uploads killed between writing a file and committing its row leave.
     * A resumable upload's blob that is being checked has no blob row yet, but its upload row knows it: it is kept,
     * however old (object storage dates a blob written in parts from the start of its upload, not its completion).
     */
    public int collectOrphans(Instant now, java.time.Duration age) {
        return storage.deleteOrphans(now.minus(age), ids -> {
            java.util.Set<UUID> known = new java.util.HashSet<>();
            List<UUID> all = List.copyOf(ids);
            for (int from = 0; from < all.size(); from += 500) {
                known.addAll(jdbc.sql("""
                        select id from records_blobs where id in (:ids)
                        union all
                        select blob_id from records_uploads where blob_id in (:ids)
                          and state in ('receiving', 'checking')
                        """)
                        .param("ids", all.subList(from, Math.min(all.size(), from + 500)))
                        .query(UUID.class).list());
            }
            return known;
        });
    }

    /**
     * A stored blob, ready to be read as a stream any number of times: each stream decrypts one segment at a time,
     * and skipping passes over segments without reading them, so a byte range costs only the segments it touches. A
     * segment that was changed fails its stream with an {@link java.io.IOException} when it is reached.
     */
    public final class OpenBlob {

        private final UUID id;
        private final SecretKey key;
        private final String storageKey;
        private final long size;

        private OpenBlob(UUID id, SecretKey key, String storageKey, long size) {
            this.id = id;
            this.key = key;
            this.storageKey = storageKey;
            this.size = size;
        }

        /** The plaintext's length, as recorded when it was stored. */
        public long size() {
            return size;
        }

        /**
         * A new stream of the plaintext from its start.
         *
         * @throws IllegalStateException when the stored length is not the recorded one's (cut off, or added to)
         */
        public InputStream stream() {
            try {
                SegmentedReader reader = new SegmentedReader(id, key, storage.open(storageKey));
                if (reader.plaintextSize() != size) {
                    reader.close();
                    throw new IllegalStateException("blob " + id + " has the wrong length");
                }
                return reader;
            } catch (SegmentedReader.TamperedException e) {
                throw new IllegalStateException("blob " + id + " failed its integrity check", e);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("could not open blob " + id, e);
            }
        }
    }

    /** Unwraps a blob's data key; its bytes are read only when a stream of it is. */
    public OpenBlob open(UUID id) {
        record Row(byte[] wrapped, byte[] nonce, long size, String storageKey) {
        }
        Row row = jdbc.sql("select wrapped_key, key_nonce, size, storage_key from records_blobs where id = ?")
                .param(id)
                .query((rs, n) -> new Row(rs.getBytes(1), rs.getBytes(2), rs.getLong(3), rs.getString(4)))
                .single();
        return open(id, unwrap(id, row.wrapped(), row.nonce()), row.storageKey(), row.size());
    }

    /** A blob not yet registered (an upload being checked), read with the key its upload holds. */
    public OpenBlob open(UUID id, SecretKey key, String storageKey, long size) {
        return new OpenBlob(id, key, storageKey, size);
    }

    /** A blob of the same case with these exact bytes, to link rather than store twice. */
    public Optional<UUID> findInCase(UUID caseId, String sha256) {
        return jdbc.sql("""
                select b.id from records_blobs b join records_records r on r.blob_id = b.id
                where r.case_id = ? and r.sha256 = ? limit 1
                """)
                .params(caseId, sha256)
                .query(UUID.class)
                .optional();
    }

    static byte[] encrypt(UUID id, SecretKey key, byte[] content) throws GeneralSecurityException {
        int segments = Math.max(1, (content.length + SEGMENT - 1) / SEGMENT);
        ByteBuffer out = ByteBuffer.allocate(content.length + segments * (NONCE + TAG));
        for (int i = 0; i < segments; i++) {
            int offset = i * SEGMENT;
            int length = Math.min(SEGMENT, content.length - offset);
            byte[] nonce = nonce();
            out.put(nonce);
            out.put(aes(Cipher.ENCRYPT_MODE, key, nonce, aad(id, i, i == segments - 1), content, offset, length));
        }
        return out.array();
    }

    static byte[] decrypt(UUID id, SecretKey key, byte[] stored) throws GeneralSecurityException {
        try (SegmentedReader reader = new SegmentedReader(id, key, SegmentedReader.Source.of(stored))) {
            return reader.readAllBytes();
        } catch (SegmentedReader.TamperedException e) {
            throw e.reason();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Encrypts one segment into {@code out} at {@code at}, as nonce then ciphertext and tag; answers the bytes
     * written ({@link #NONCE} + length + {@link #TAG}).
     */
    static int seal(UUID id, SecretKey key, long segment, byte flag, byte[] plain, int offset, int length,
            byte[] out, int at) throws GeneralSecurityException {
        byte[] nonce = nonce();
        System.arraycopy(nonce, 0, out, at, NONCE);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad(id, segment, flag));
        return NONCE + cipher.doFinal(plain, offset, length, out, at + NONCE);
    }

    static byte[] aes(int mode, SecretKey key, byte[] nonce, byte[] aad, byte[] input, int offset,
            int length) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(input, offset, length);
    }

    static byte[] aad(UUID id, long segment, boolean last) {
        return aad(id, segment, last ? LAST : MORE);
    }

    /** The flags of a segment's associated data: more follow, it is the last, or it is an upload's unfinished one. */
    static final byte MORE = 0;
    static final byte LAST = 1;
    static final byte UNFINISHED = 2;

    static byte[] aad(UUID id, long segment, byte flag) {
        return ByteBuffer.allocate(25)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .putLong(segment)
                .put(flag)
                .array();
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        return nonce;
    }
}
