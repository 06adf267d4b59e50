package org.consilium.records;

import java.time.Duration;
import org.consilium.records.internal.ClamdScanner;
import org.consilium.records.internal.EncryptedBlobs;
import org.consilium.records.internal.MalwareScanner;
import org.consilium.records.internal.ProcessingSchedule;
import org.consilium.records.internal.RecordProcessing;
import org.consilium.records.internal.ScannerSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.consilium.records.internal.UploadSlots;
import org.consilium.shared.Purge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The records module's housekeeping, its background processing, and its malware scanner when one is configured. */
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

    /** ClamAV's daemon, when {@code consilium.scanner.clamd.host} names one; without it records stay unscanned. */
    @Bean
    @ConditionalOnProperty("consilium.scanner.clamd.host")
    MalwareScanner clamdScanner(ScannerSettings settings) {
        ScannerSettings.Clamd clamd = settings.clamd();
        return new ClamdScanner(java.util.Objects.requireNonNull(clamd.host()), clamd.port(), clamd.connectTimeout(),
                clamd.readTimeout());
    }

    /** Scans, text and thumbnails of new records, every couple of seconds; off in tests, which run it themselves. */
    @Bean
    @ConditionalOnProperty(name = "consilium.records.processing.enabled", havingValue = "true",
            matchIfMissing = true)
    ProcessingSchedule recordProcessingSchedule(RecordProcessing processing) {
        return new ProcessingSchedule(processing);
    }
}
