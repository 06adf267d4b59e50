package org.consilium.records;

import java.time.Duration;
import org.consilium.records.internal.EncryptedBlobs;
import org.consilium.records.internal.UploadSlots;
import org.consilium.shared.Purge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The records module's housekeeping. */
@Configuration(proxyBeanMethods = false)
class RecordsConfiguration {

    /**
     * Files older than this with no blob row are orphans: an upload writes its file seconds before it commits the
     * row, so an hour leaves a wide margin for one that is committing right now.
     */
    static final Duration ORPHAN_AGE = Duration.ofHours(1);

    @Bean
    Purge orphanedBlobFilesPurge(EncryptedBlobs blobs) {
        return new Purge("records-orphaned-blob-files", now -> blobs.collectOrphans(now, ORPHAN_AGE));
    }

    @Bean
    Purge abandonedUploadsPurge(ResumableUploads uploads) {
        return new Purge("records-abandoned-uploads", uploads::expire);
    }

    @Bean
    Purge lapsedUploadSlotsPurge(UploadSlots slots) {
        return new Purge("records-lapsed-upload-slots", slots::purge);
    }
}
