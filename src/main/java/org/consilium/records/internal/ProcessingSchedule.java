package org.consilium.records.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs {@link RecordProcessing} on a schedule ({@code consilium.records.processing.*}; tests run it themselves). */
public class ProcessingSchedule {

    private static final Logger log = LoggerFactory.getLogger(ProcessingSchedule.class);

    private final RecordProcessing processing;

    public ProcessingSchedule(RecordProcessing processing) {
        this.processing = processing;
    }

    @Scheduled(fixedDelayString = "${consilium.records.processing.interval:2s}", initialDelayString = "10s")
    void run() {
        try {
            processing.processDue();
        } catch (RuntimeException e) {
            log.warn("Record processing failed; the records it held are taken again later: {}", e.toString());
        }
    }
}
