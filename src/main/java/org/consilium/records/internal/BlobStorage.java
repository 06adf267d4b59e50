package org.consilium.records.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Where the ciphertext of blobs lives: the local file system or S3-compatible object storage, chosen by
 * {@code consilium.storage.type}. It only ever sees ciphertext. A blob is written whole ({@link #put}), or in parts
 * over many requests and perhaps several app instances ({@link #beginParts}), and becomes readable under its key only
 * once complete, so nothing half-written is ever read as a blob.
 */
interface BlobStorage {

    /** Stores a whole blob under its key, atomically and durably. */
    void put(String key, byte[] ciphertext);

    /** The stored bytes of a complete blob, for reading at any position. */
    SegmentedReader.Source open(String key) throws IOException;

    /**
     * The fewest bytes a part other than the last may hold (0 for the file system; 5 MiB for S3). Ciphertext that
     * does not yet fill a part waits in the database with its upload.
     */
    long minPartSize();

    /** Starts a blob written in parts; answers the handle the later calls take (an S3 multipart upload id). */
    String beginParts(String key);

    /** Opens the parts of a blob for one request's writes. */
    PartWriter writeParts(String key, String handle) throws IOException;

    /**
     * Makes the first {@code parts} parts, {@code size} bytes in all, the blob under its key, atomically and durably;
     * whatever was written past them (by a request that died before it counted) is dropped.
     */
    void completeParts(String key, String handle, int parts, long size);

    /** Drops the parts of a blob that will never be completed. Doing it twice is harmless. */
    void abortParts(String key, String handle);

    /** Deletes a complete blob that no record will ever point at (a refused upload's). Doing it twice is harmless. */
    void delete(String key);

    /**
     * Deletes the complete blobs that no row knows (whose id {@code isKnown} denies), last changed before
     * {@code before}: what uploads killed between writing a blob and committing its row leave.
     *
     * @return how many blobs were deleted
     */
    int deleteOrphans(Instant before, UnaryOperator<Set<UUID>> isKnown);

    /** The writes of one request to a blob written in parts. */
    interface PartWriter extends AutoCloseable {

        /**
         * Writes part {@code number} (from 1), which starts {@code position} bytes into the blob; every part but the
         * last holds at least {@link #minPartSize()} bytes. Writing a part again replaces it.
         */
        void write(int number, long position, byte[] bytes, int length) throws IOException;

        /** Makes every part written so far survive a crash, before the upload's offset moves past them. */
        void sync() throws IOException;

        @Override
        void close() throws IOException;
    }
}
