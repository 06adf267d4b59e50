package org.consilium.records.internal;

import java.util.Collection;
import org.consilium.platform.WrappedDataKeys;
import org.springframework.stereotype.Component;

/**
 * The data keys of resumable uploads under way, for the master key's rotation: an upload started before a rotation
 * goes on after the old key is retired, its bytes as they were.
 */
@Component
class UploadKeys implements WrappedDataKeys {

    private final Uploads uploads;
    private final EncryptedBlobs blobs;

    UploadKeys(Uploads uploads, EncryptedBlobs blobs) {
        this.uploads = uploads;
        this.blobs = blobs;
    }

    @Override
    public String what() {
        return "uploads under way";
    }

    @Override
    public long countUnder(Collection<Integer> versions) {
        return uploads.countWrappedUnder(versions);
    }

    @Override
    public int rewrap(Collection<Integer> from, int to, int max) {
        if (from.isEmpty() || max <= 0) {
            return 0;
        }
        int count = 0;
        for (Uploads.Upload upload : uploads.wrappedUnder(from, max)) {
            byte[] nonce = EncryptedBlobs.nonce();
            uploads.rewrapped(upload.id(), to, blobs.rewrapped(upload.blobId(), upload.keyVersion(),
                    upload.wrappedKey(), upload.keyNonce(), to, nonce), nonce);
            count++;
        }
        return count;
    }
}
