package org.consilium.records.internal;

import java.util.Collection;
import org.consilium.platform.WrappedDataKeys;
import org.springframework.stereotype.Component;

/** The data keys of the stored files, for the master key's rotation: wrapped again, the files left as they are. */
@Component
class StoredFileKeys implements WrappedDataKeys {

    private final EncryptedBlobs blobs;

    StoredFileKeys(EncryptedBlobs blobs) {
        this.blobs = blobs;
    }

    @Override
    public String what() {
        return "stored files";
    }

    @Override
    public long countUnder(Collection<Integer> versions) {
        return blobs.countWrappedUnder(versions);
    }

    @Override
    public int rewrap(Collection<Integer> from, int to, int max) {
        return blobs.rewrap(from, to, max);
    }
}
