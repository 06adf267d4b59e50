package org.consilium.records.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * One request's writes to a blob in parts (see {@link PartialBlobs}). Bytes go into a one-segment buffer; a full
 * segment is encrypted with its index and whether it is the blob's last, known from the upload's declared length,
 * and joins the ciphertext waiting to fill a part. {@link #checkpoint()} makes what came so far durable and answers
 * what the upload's row must keep. Holds at most one segment of plaintext and one part of ciphertext in memory.
 */
public final class PartialBlob implements AutoCloseable {

    /** A full segment as stored: nonce, ciphertext and tag. */
    static final int FULL = EncryptedBlobs.NONCE + EncryptedBlobs.SEGMENT + EncryptedBlobs.TAG;
    /** Segments per part on the file system: few system calls, little memory. */
    private static final int FILE_PART_SEGMENTS = 4;

    private final UUID id;
    private final SecretKey key;
    private final long length;
    private final long segments;
    private final BlobStorage.PartWriter writer;
    private final boolean partsAnySize;

    private long received;
    private int parts;
    private long stored;
    private final byte[] plain = new byte[EncryptedBlobs.SEGMENT];
    private int plainLength;
    private final byte[] pending;
    private int pendingLength;

    PartialBlob(UUID id, SecretKey key, long length, PartialBlobs.Progress progress, BlobStorage.PartWriter writer,
            long minPartSize) throws GeneralSecurityException {
        this.id = id;
        this.key = key;
        this.length = length;
        this.segments = Math.max(1, (length + EncryptedBlobs.SEGMENT - 1) / EncryptedBlobs.SEGMENT);
        this.writer = writer;
        this.partsAnySize = minPartSize == 0;
        int partSegments = (int) Math.max(FILE_PART_SEGMENTS, (minPartSize + FULL - 1) / FULL);
        this.pending = new byte[partSegments * FULL];
        this.received = progress.received();
        this.parts = progress.parts();
        this.stored = progress.stored();
        byte[] waiting = progress.pending();
        if (waiting != null) {
            System.arraycopy(waiting, 0, pending, 0, waiting.length);
            pendingLength = waiting.length;
        }
        byte[] tail = progress.tail();
        if (tail != null) {
            byte[] opened = EncryptedBlobs.aes(Cipher.DECRYPT_MODE, key,
                    Arrays.copyOfRange(tail, 0, EncryptedBlobs.NONCE),
                    EncryptedBlobs.aad(id, segmentIndex(), EncryptedBlobs.UNFINISHED), tail, EncryptedBlobs.NONCE,
                    tail.length - EncryptedBlobs.NONCE);
            System.arraycopy(opened, 0, plain, 0, opened.length);
            plainLength = opened.length;
            Arrays.fill(opened, (byte) 0);
        }
    }

    /** How many bytes of the blob's plaintext have come in, over every request. */
    public long received() {
        return received;
    }

    /** How many more bytes the blob takes. */
    public long remaining() {
        return length - received;
    }

    /**
     * Takes the next bytes of the blob.
     *
     * @throws IllegalArgumentException when they would make it longer than its declared length
     */
    public void write(byte[] bytes, int offset, int count) throws IOException {
        if (count > remaining()) {
            throw new IllegalArgumentException("more bytes than the blob's length");
        }
        while (count > 0) {
            int taken = Math.min(count, plain.length - plainLength);
            System.arraycopy(bytes, offset, plain, plainLength, taken);
            plainLength += taken;
            received += taken;
            offset += taken;
            count -= taken;
            if (plainLength == plain.length || received == length) {
                sealSegment();
            }
        }
    }

    /**
     * Makes every byte received so far survive a crash: full parts are written and forced to storage; on the file
     * system the rest is written too, in object storage it waits, encrypted, in the answer, with the unfinished
     * segment. Once every byte is in, everything is in parts and the answer has nothing waiting.
     */
    public PartialBlobs.Progress checkpoint() throws IOException {
        boolean complete = received == length;
        if (pendingLength > 0 && (complete || partsAnySize)) {
            writePart();
        }
        writer.sync();
        byte[] tail = null;
        if (plainLength > 0) {
            tail = new byte[EncryptedBlobs.NONCE + plainLength + EncryptedBlobs.TAG];
            try {
                EncryptedBlobs.seal(id, key, segmentIndex(), EncryptedBlobs.UNFINISHED, plain, 0, plainLength, tail,
                        0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("could not encrypt a segment", e);
            }
        }
        return new PartialBlobs.Progress(received, parts, stored,
                pendingLength == 0 ? null : Arrays.copyOf(pending, pendingLength), tail);
    }

    @Override
    public void close() throws IOException {
        Arrays.fill(plain, (byte) 0);
        writer.close();
    }

    /** The index of the segment being filled: every earlier one is sealed. */
    private long segmentIndex() {
        return (received - plainLength) / EncryptedBlobs.SEGMENT;
    }

    private void sealSegment() throws IOException {
        long index = segmentIndex();
        try {
            pendingLength += EncryptedBlobs.seal(id, key, index,
                    index == segments - 1 ? EncryptedBlobs.LAST : EncryptedBlobs.MORE, plain, 0, plainLength, pending,
                    pendingLength);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt a segment", e);
        }
        plainLength = 0;
        if (pendingLength + FULL > pending.length) {
            writePart();
        }
    }

    private void writePart() throws IOException {
        writer.write(parts + 1, stored, pending, pendingLength);
        parts++;
        stored += pendingLength;
        pendingLength = 0;
    }
}
