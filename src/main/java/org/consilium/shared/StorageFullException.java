package org.consilium.shared;

/**
 * Storing this would take something over its storage limit (a case's records, say): nothing was stored (a 413). The
 * reason says how much is held and the limit, in words; the numbers are here for clients.
 */
public final class StorageFullException extends DomainException {

    private final String slug;
    private final long heldBytes;
    private final long limitBytes;

    /**
     * @param slug the problem type of this limit, such as {@code case-storage-full}
     */
    public StorageFullException(String slug, String reason, long heldBytes, long limitBytes) {
        super(reason);
        this.slug = slug;
        this.heldBytes = heldBytes;
        this.limitBytes = limitBytes;
    }

    public String slug() {
        return slug;
    }

    public long heldBytes() {
        return heldBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
