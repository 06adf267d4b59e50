package org.consilium.records.internal;

import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A SHA-256 computed on a thread of its own while the request's thread goes on encrypting and writing: bytes are
 * copied into 1 MiB chunks, and a full chunk is handed over. At most {@link #CHUNKS} chunks are in flight, so memory
 * stays bounded and a slow hasher slows the request rather than piling up. Requests smaller than a chunk are hashed on
 * the caller's thread, with no thread started.
 */
public final class BackgroundDigest implements AutoCloseable {

    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 4;
    private static final byte[] END = new byte[0];

    private final MessageDigest digest;
    private final BlockingQueue<byte[]> full = new ArrayBlockingQueue<>(CHUNKS);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private int allocated;
    private byte[] current;
    private int used;
    private CompletableFuture<Void> hasher;
    private boolean finished;

    /** Continues {@code digest}, which this object owns from now on. */
    public BackgroundDigest(MessageDigest digest) {
        this.digest = digest;
    }

    public void update(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (current == null) {
                current = take();
                used = 0;
            }
            int taken = Math.min(length, CHUNK - used);
            System.arraycopy(bytes, offset, current, used, taken);
            used += taken;
            offset += taken;
            length -= taken;
            if (used == CHUNK) {
                handOver(current);
                current = null;
            }
        }
    }

    /** The digest with every byte given so far: waits for the hasher, and answers the digest (not yet finished). */
    public MessageDigest drain() {
        if (!finished) {
            finished = true;
            if (hasher == null) {
                if (current != null) {
                    digest.update(current, 0, used);
                }
            } else {
                if (current != null && used > 0) {
                    byte[] last = java.util.Arrays.copyOf(current, used);
                    put(last);
                }
                put(END);
                try {
                    hasher.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while hashing", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("hashing failed", e.getCause());
                }
            }
            current = null;
        }
        return digest;
    }

    /** Stops the hasher, if any, without waiting for a result (the request failed). */
    @Override
    public void close() {
        if (!finished && hasher != null) {
            finished = true;
            full.clear();
            full.offer(END);
        }
    }

    private byte[] take() {
        byte[] chunk = free.poll();
        if (chunk != null) {
            return chunk;
        }
        if (allocated < CHUNKS) {
            allocated++;
            return new byte[CHUNK];
        }
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        }
    }

    private void handOver(byte[] chunk) {
        if (hasher == null) {
            hasher = CompletableFuture.runAsync(this::hash, runnable -> Thread.ofPlatform().daemon()
                    .name("upload-hash").start(runnable));
        }
        put(chunk);
    }

    private void put(byte[] chunk) {
        try {
            full.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        }
    }

    private void hash() {
        try {
            while (true) {
                byte[] chunk = full.take();
                if (chunk == END) {
                    return;
                }
                digest.update(chunk, 0, chunk.length);
                if (chunk.length == CHUNK) {
                    free.offer(chunk);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
