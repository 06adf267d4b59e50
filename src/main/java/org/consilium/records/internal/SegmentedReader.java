package org.consilium.records.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.GeneralSecurityException;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * A stored blob's plaintext as a stream, one segment at a time: each read decrypts (and authenticates) only the
 * segment it is in, and {@link #skip} moves to a later one without reading those between, so a byte range costs the
 * segments it touches. Holds one segment in memory. The segment count comes from the stored length, and the last
 * segment's associated data says it is the last, so a blob cut short or made longer fails like a changed one.
 */
final class SegmentedReader extends InputStream {

    /** Random access to the stored (encrypted) bytes. */
    interface Source extends AutoCloseable {

        long size() throws IOException;

        /** Fills {@code into} with the stored bytes from {@code position}. */
        void readFully(long position, byte[] into) throws IOException;

        @Override
        void close() throws IOException;

        static Source of(byte[] stored) {
            return new Source() {
                @Override
                public long size() {
                    return stored.length;
                }

                @Override
                public void readFully(long position, byte[] into) {
                    System.arraycopy(stored, (int) position, into, 0, into.length);
                }

                @Override
                public void close() {
                }
            };
        }

        static Source of(FileChannel channel) {
            return new Source() {
                @Override
                public long size() throws IOException {
                    return channel.size();
                }

                @Override
                public void readFully(long position, byte[] into) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(into);
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer, position + buffer.position()) < 0) {
                            throw new java.io.EOFException("the blob ended early");
                        }
                    }
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }
    }

    /** A segment that failed its integrity check: changed, moved, cut off or made up. */
    static final class TamperedException extends IOException {
        TamperedException(GeneralSecurityException cause) {
            super(cause.getMessage(), cause);
        }

        GeneralSecurityException reason() {
            return (GeneralSecurityException) getCause();
        }
    }

    private static final int FULL = EncryptedBlobs.NONCE + EncryptedBlobs.SEGMENT + EncryptedBlobs.TAG;

    private final UUID id;
    private final SecretKey key;
    private final Source source;
    private final long stored;
    private final int segments;
    private final long size;
    private long position;
    private int loaded = -1;
    private byte[] plain = new byte[0];

    /**
     * @throws TamperedException when the stored length cannot be a blob's (a last segment shorter than a nonce and a
     *     tag): it was cut
     */
    SegmentedReader(UUID id, SecretKey key, Source source) throws IOException {
        this.id = id;
        this.key = key;
        this.source = source;
        this.stored = source.size();
        this.segments = (int) Math.max(1, (stored + FULL - 1) / FULL);
        if (stored - (long) (segments - 1) * FULL < EncryptedBlobs.NONCE + EncryptedBlobs.TAG) {
            source.close();
            throw new TamperedException(new AEADBadTagException("blob too short"));
        }
        this.size = stored - (long) segments * (EncryptedBlobs.NONCE + EncryptedBlobs.TAG);
    }

    /** How many bytes of plaintext the blob holds, from its stored length. */
    long plaintextSize() {
        return size;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        int segment = (int) (position / EncryptedBlobs.SEGMENT);
        load(segment);
        int within = (int) (position - (long) segment * EncryptedBlobs.SEGMENT);
        int count = Math.min(length, plain.length - within);
        System.arraycopy(plain, within, into, offset, count);
        position += count;
        return count;
    }

    /** Moves forward without reading: the segments passed over are neither read nor decrypted. */
    @Override
    public long skip(long count) {
        if (count <= 0) {
            return 0;
        }
        long skipped = Math.min(count, size - position);
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        int segment = (int) (position / EncryptedBlobs.SEGMENT);
        return segment == loaded ? (int) ((long) segment * EncryptedBlobs.SEGMENT + plain.length - position) : 0;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private void load(int segment) throws IOException {
        if (segment == loaded) {
            return;
        }
        long offset = (long) segment * FULL;
        byte[] stored = new byte[(int) Math.min(FULL, this.stored - offset)];
        source.readFully(offset, stored);
        byte[] nonce = java.util.Arrays.copyOfRange(stored, 0, EncryptedBlobs.NONCE);
        try {
            plain = EncryptedBlobs.aes(javax.crypto.Cipher.DECRYPT_MODE, key, nonce,
                    EncryptedBlobs.aad(id, segment, segment == segments - 1), stored, EncryptedBlobs.NONCE,
                    stored.length - EncryptedBlobs.NONCE);
        } catch (GeneralSecurityException e) {
            throw new TamperedException(e);
        }
        loaded = segment;
    }
}
