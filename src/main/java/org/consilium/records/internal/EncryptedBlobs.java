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
 * Stored content: each blob has its own AES-256 data key, wrapped by a version of the master key that its row names
 * ({@code key_version}); a rotation wraps it again under a newer version without touching the content. Content is cut into independent
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
    public record PreparedBlob(UUID id, int keyVersion, byte[] wrappedKey, byte[] keyNonce, long size,
            String sha256, String storageKey) {
    }

    /**
     * Encrypts the content and writes it to storage, the slow part of storing a blob (it needs no database, so it
     * runs outside any transaction).
     */
    public PreparedBlob prepare(byte[] content, String sha256) {
        NewBlob blob = newBlob();
        try {
            storage.put(blob.storageKey(), encrypt(blob.id(), blob.key(), content));
            return new PreparedBlob(blob.id(), blob.keyVersion(), blob.wrappedKey(), blob.keyNonce(), content.length,
                    sha256, blob.storageKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt a blob", e);
        }
    }

    /**
     * A new blob's id, its own data key and that key wrapped by the current master key version; nothing is stored
     * yet.
     *
     * @param storageKey where its ciphertext will be stored
     */
    public record NewBlob(UUID id, int keyVersion, SecretKey key, byte[] wrappedKey, byte[] keyNonce,
            String storageKey) {
    }

    public NewBlob newBlob() {
        UUID id = UUID.randomUUID();
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        byte[] keyNonce = nonce();
        try {
            int version = keys.masterKeyVersion();
            byte[] wrapped = wrap(id, version, keys.masterKey(version), keyNonce, dataKey);
            return new NewBlob(id, version, new SecretKeySpec(dataKey, "AES"), wrapped, keyNonce,
                    id.toString().substring(0, 2) + "/" + id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not wrap a data key", e);
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** A blob's data key, unwrapped from what {@link #newBlob()} gave. */
    public SecretKey dataKey(UUID id, int keyVersion, byte[] wrappedKey, byte[] keyNonce) {
        try {
            return new SecretKeySpec(unwrap(id, keyVersion, keys.masterKey(keyVersion), keyNonce, wrappedKey), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("blob " + id + " failed its integrity check", e);
        }
    }

    /** Deletes a complete blob's ciphertext that no record points at: a refused upload's. */
    public void discard(String storageKey) {
        storage.delete(storageKey);
    }

    /**
     * Records a prepared blob in the database; answers its id. A blob prepared under a master key version that a
     * rotation has since replaced is wrapped again under the current one first, so no row is ever written under a
     * version on its way out.
     */
    public UUID register(PreparedBlob blob, Instant now) {
        int current = keys.holdMasterKeyVersion();
        byte[] wrapped = blob.wrappedKey();
        byte[] nonce = blob.keyNonce();
        if (blob.keyVersion() != current) {
            nonce = nonce();
            wrapped = rewrapped(blob.id(), blob.keyVersion(), blob.wrappedKey(), blob.keyNonce(), current, nonce);
        }
        jdbc.sql("""
                insert into records_blobs (id, key_version, wrapped_key, key_nonce, size, sha256, storage_key,
                                           created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(blob.id(), current, wrapped, nonce, blob.size(), blob.sha256(), blob.storageKey(),
                        Timestamp.from(now))
                .update();
        return blob.id();
    }

    /**
     * Wraps up to {@code max} data keys held under one of the {@code from} versions again under {@code to}, in the
     * caller's transaction; the blob files are not read or written. Answers how many. Rows locked by another
     * transaction are left for the next batch.
     */
    public int rewrap(java.util.Collection<Integer> from, int to, int max) {
        record Row(UUID id, int version, byte[] wrapped, byte[] nonce) {
        }
        if (from.isEmpty() || max <= 0) {
            return 0;
        }
        List<Row> rows = jdbc.sql("""
                select id, key_version, wrapped_key, key_nonce from records_blobs
                where key_version in (:from) order by id limit :max for update skip locked
                """)
                .param("from", from)
                .param("max", max)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getInt(2), rs.getBytes(3), rs.getBytes(4)))
                .list();
        for (Row row : rows) {
            byte[] nonce = nonce();
            byte[] wrapped = rewrapped(row.id(), row.version(), row.wrapped(), row.nonce(), to, nonce);
            jdbc.sql("update records_blobs set key_version = ?, wrapped_key = ?, key_nonce = ? where id = ?")
                    .params(to, wrapped, nonce, row.id())
                    .update();
        }
        return rows.size();
    }

    /** How many data keys are wrapped under one of the versions. */
    public long countWrappedUnder(java.util.Collection<Integer> versions) {
        if (versions.isEmpty()) {
            return 0;
        }
        return jdbc.sql("select count(*) from records_blobs where key_version in (:versions)")
                .param("versions", versions)
                .query(Long.class)
                .single();
    }

    /** A data key unwrapped under one master key version and wrapped under another, never leaving this method. */
    public byte[] rewrapped(UUID id, int fromVersion, byte[] wrapped, byte[] nonce, int toVersion, byte[] newNonce) {
        byte[] dataKey = null;
        try {
            dataKey = unwrap(id, fromVersion, keys.masterKey(fromVersion), nonce, wrapped);
            return wrap(id, toVersion, keys.masterKey(toVersion), newNonce, dataKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the data key of blob " + id + " failed its integrity check", e);
        } finally {
            if (dataKey != null) {
                java.util.Arrays.fill(dataKey, (byte) 0);
            }
        }
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
        record Row(int version, byte[] wrapped, byte[] nonce, long size, String storageKey) {
        }
        Row row = jdbc.sql("""
                select key_version, wrapped_key, key_nonce, size, storage_key from records_blobs where id = ?
                """)
                .param(id)
                .query((rs, n) -> new Row(rs.getInt(1), rs.getBytes(2), rs.getBytes(3), rs.getLong(4),
                        rs.getString(5)))
                .single();
        return open(id, dataKey(id, row.version(), row.wrapped(), row.nonce()), row.storageKey(), row.size());
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

    /** A data key wrapped under a master key version, bound to the blob and to the version. */
    static byte[] wrap(UUID id, int version, SecretKey masterKey, byte[] nonce, byte[] dataKey)
            throws GeneralSecurityException {
        return aes(Cipher.ENCRYPT_MODE, masterKey, nonce, keyAad(id, version), dataKey, 0, dataKey.length);
    }

    static byte[] unwrap(UUID id, int version, SecretKey masterKey, byte[] nonce, byte[] wrapped)
            throws GeneralSecurityException {
        return aes(Cipher.DECRYPT_MODE, masterKey, nonce, keyAad(id, version), wrapped, 0, wrapped.length);
    }

    /**
     * The associated data of a wrapped data key: the blob id with segment index -1 and the last flag, as before
     * versions existed, and from version 2 on the version too. Version 1 keeps the old form, so the keys wrapped
     * before versions existed (all under version 1) still open.
     */
    static byte[] keyAad(UUID id, int version) {
        byte[] blob = aad(id, -1, true);
        return version == 1 ? blob : ByteBuffer.allocate(blob.length + 4).put(blob).putInt(version).array();
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

    static byte[] nonce() {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        return nonce;
    }
}
