package org.consilium.records.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Blobs written a piece at a time, as a resumable upload's bytes arrive over many requests: each full segment is
 * encrypted as soon as it is in, collected into parts and written to storage; what does not yet fill a part (object
 * storage takes parts of 5 MiB and more) and the unfinished last segment are handed back, encrypted, for the upload's
 * row. So no plaintext is ever written anywhere, and any app instance can take the next piece.
 */
@Component
public class PartialBlobs {

    private final BlobStorage storage;
    private final EncryptedBlobs blobs;

    PartialBlobs(BlobStorage storage, EncryptedBlobs blobs) {
        this.storage = storage;
        this.blobs = blobs;
    }

    /** A new blob, its key wrapped and its parts started in storage. */
    public Started begin() {
        EncryptedBlobs.NewBlob blob = blobs.newBlob();
        return new Started(blob.id(), blob.keyVersion(), blob.wrappedKey(), blob.keyNonce(), blob.storageKey(),
                storage.beginParts(blob.storageKey()));
    }

    /**
     * @param handle what storage needs to find the parts again (an S3 multipart upload id)
     */
    public record Started(UUID id, int keyVersion, byte[] wrappedKey, byte[] keyNonce, String storageKey, String handle) {
    }

    /** How far a blob in parts got, as its upload's row keeps it. */
    public record Progress(long received, int parts, long stored, byte @Nullable [] pending,
            byte @Nullable [] tail) {
    }

    /** Opens a blob in parts where its last request left it, to take more of its bytes. */
    public PartialBlob resume(UUID id, SecretKey key, String storageKey, String handle, long length,
            Progress progress) {
        try {
            return new PartialBlob(id, key, length, progress, storage.writeParts(storageKey, handle),
                    storage.minPartSize());
        } catch (IOException e) {
            throw new UncheckedIOException("could not open blob " + id + " for writing", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the unfinished segment of blob " + id + " failed its integrity check",
                    e);
        }
    }

    /** Makes the parts the blob under its storage key; afterwards it reads like any stored blob. */
    public void complete(String storageKey, String handle, Progress progress) {
        storage.completeParts(storageKey, handle, progress.parts(), progress.stored());
    }

    /** Drops the parts of a blob whose upload was ended or abandoned. */
    public void abort(String storageKey, String handle) {
        storage.abortParts(storageKey, handle);
    }
}
