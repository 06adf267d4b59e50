package org.consilium.shared;

/**
 * A resumable upload's request that does not fit where the upload is: nothing of it was kept, and the upload is as it
 * was before (the tus protocol's own answers).
 */
public final class ResumableUploadException extends DomainException {

    /** What does not fit. */
    public enum Kind {
        /** The request starts at another byte than the upload has reached (409). */
        OFFSET_MISMATCH,
        /** The bytes sent are not those the request's checksum was computed from (460). */
        CHECKSUM_MISMATCH,
        /** Another request is writing to the upload right now (423). */
        BUSY,
        /** The upload was abandoned too long and its bytes are gone (410). */
        EXPIRED,
        /** The store could not take the bytes (full, unwritable, unreachable): try again later (503). */
        STORAGE_FAILED
    }

    private final Kind kind;
    private final long offset;

    /**
     * @param offset how many bytes the upload holds, which the client should resume from
     */
    public ResumableUploadException(Kind kind, String reason, long offset) {
        super(reason);
        this.kind = kind;
        this.offset = offset;
    }

    public Kind kind() {
        return kind;
    }

    public long offset() {
        return offset;
    }
}
