package org.consilium.records;

import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A record's bytes for one reader, decrypted as they are read: {@code open} gives a new stream each time, which
 * decrypts one segment at a time and skips segments it is told to pass over, so a download of a byte range reads only
 * what it sends.
 *
 * @param size the content's length in bytes
 */
public record RecordDownload(MedicalRecord record, long size, Supplier<InputStream> open) {
}
