package org.consilium.records.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.consilium.records.MedicalRecord;
import org.consilium.records.RecordId;
import org.consilium.records.RecordScanned;
import org.consilium.records.ScanState;
import org.consilium.shared.Sha256;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens to a record after it is added, in the background and on any app instance: the malware scan (when a
 * scanner is configured), then, for content that is not infected, its text for search and its thumbnail. The work is
 * queued in the upload's transaction ({@link ProcessingQueue}); each record is read from its decrypting stream (the
 * scan) or into memory under a cap (the parsers), never written to disk in clear.
 *
 * <p>A scanner that cannot be reached puts the record off, with a growing wait, and it stays pending: its content is
 * not served meanwhile. A file that fails to parse, or takes longer than its time, gets no text or thumbnail; nothing
 * else about it changes. Each parse runs on a thread of its own, so a file that hangs PDFBox or ImageIO holds up
 * that thread alone, never the queue.
 */
@Component
public class RecordProcessing {

    /** How long one instance may hold a record before another may take it. */
    static final Duration LEASE = Duration.ofMinutes(10);
    /** Records larger than this are scanned but not parsed: parsing holds the whole file in memory. */
    static final long MAX_PARSED_BYTES = 64L * 1024 * 1024;
    /** How long text extraction or a thumbnail may take. */
    static final Duration PARSE_TIME = Duration.ofSeconds(30);
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(RecordProcessing.class);

    private final RecordStore records;
    private final EncryptedBlobs blobs;
    private final ProcessingQueue queue;
    private final @Nullable MalwareScanner scanner;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final TextExtraction text = new TextExtraction();
    private final Thumbnails thumbnails = new Thumbnails();

    @Autowired
    RecordProcessing(RecordStore records, EncryptedBlobs blobs, ProcessingQueue queue,
            ObjectProvider<MalwareScanner> scanner, ApplicationEventPublisher events, Clock clock,
            PlatformTransactionManager transactionManager) {
        this(records, blobs, queue, scanner.getIfAvailable(), events, clock, transactionManager);
    }

    /** Processing with this scanner, or none. */
    RecordProcessing(RecordStore records, EncryptedBlobs blobs, ProcessingQueue queue,
            @Nullable MalwareScanner scanner, ApplicationEventPublisher events, Clock clock,
            PlatformTransactionManager transactionManager) {
        this.records = records;
        this.blobs = blobs;
        this.queue = queue;
        this.scanner = scanner;
        this.events = events;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** The scan state of a record added now: pending when a scanner will look at it, else unscanned. */
    public ScanState initialScanState() {
        return scanner == null ? ScanState.UNSCANNED : ScanState.PENDING;
    }

    /** Processes every record due, one after another; answers how many were taken. */
    public int processDue() {
        int taken = 0;
        Optional<ProcessingQueue.Claim> claim;
        while ((claim = queue.claimNext(clock.instant(), LEASE)).isPresent()) {
            process(claim.get());
            taken++;
        }
        return taken;
    }

    /**
     * Processes this record now, if it waits and no instance holds it; answers whether it did. For tests and
     * operators: the schedule does the same for every record due.
     */
    public boolean process(RecordId id) {
        Optional<ProcessingQueue.Claim> claim = queue.claim(id, clock.instant(), LEASE);
        claim.ifPresent(this::process);
        return claim.isPresent();
    }

    /** Whether the record still waits for processing. */
    public boolean waiting(RecordId id) {
        return queue.waiting(id);
    }

    private void process(ProcessingQueue.Claim claim) {
        RecordId id = claim.recordId();
        Optional<RecordStore.StoredRecord> found = records.findById(id);
        if (found.isEmpty()) {
            queue.done(id);
            return;
        }
        MedicalRecord record = found.get().record();
        UUID blobId = found.get().blobId();
        ScanState state = record.scanState();
        try {
            state = scan(record, blobId);
        } catch (IOException | UncheckedIOException e) {
            Duration wait = backoff(claim.attempts());
            log.warn("The malware scan of record {} failed (attempt {}); tried again in {}: {}", id,
                    claim.attempts(), wait, e.toString());
            queue.putOff(id, clock.instant().plus(wait), e.toString());
            return;
        }
        Optional<String> words = Optional.empty();
        Optional<byte[]> thumbnail = Optional.empty();
        boolean parsed = TextExtraction.handles(record.contentType()) || Thumbnails.handles(record.contentType());
        if (parsed && state != ScanState.INFECTED && state != ScanState.PENDING && !record.voided()
                && record.size() <= MAX_PARSED_BYTES) {
            byte[] content = read(blobId);
            if (TextExtraction.handles(record.contentType())) {
                words = within("text of record " + id, () -> text.extract(content, record.contentType()));
            }
            if (Thumbnails.handles(record.contentType())) {
                thumbnail = within("thumbnail of record " + id, () -> thumbnails.of(content, record.contentType()));
            }
        }
        Optional<String> foundWords = words;
        Optional<byte[]> picture = thumbnail;
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            foundWords.ifPresent(t -> records.saveText(record, t, now));
            picture.ifPresent(png -> records.setThumbnail(id, blobs.store(png, Sha256.hex(png), now)));
            queue.done(id);
        });
    }

    /** Scans the record if it waits for a scan (or was never scanned and a scanner is there now); answers its state. */
    private ScanState scan(MedicalRecord record, UUID blobId) throws IOException {
        ScanState state = record.scanState();
        if (scanner == null) {
            if (state == ScanState.PENDING) {
                // Queued while a scanner was configured, and none is now: nobody will vouch for it.
                return scanned(record, ScanState.UNSCANNED, null);
            }
            return state;
        }
        if (state != ScanState.PENDING && state != ScanState.UNSCANNED) {
            return state;
        }
        MalwareScanner.ScanVerdict verdict;
        try (InputStream content = blobs.open(blobId).stream()) {
            verdict = scanner.scan(content);
        }
        return switch (verdict) {
            case MalwareScanner.ScanVerdict.Clean clean -> scanned(record, ScanState.CLEAN, null);
            case MalwareScanner.ScanVerdict.Infected infected -> {
                log.warn("Record {} of case {} holds malware ({}); it is quarantined", record.id(), record.caseId(),
                        infected.signature());
                yield scanned(record, ScanState.INFECTED, infected.signature());
            }
            case MalwareScanner.ScanVerdict.TooLarge tooLarge -> {
                log.warn("Record {} ({} bytes) is larger than the scanner takes ({}); raise clamd's StreamMaxLength",
                        record.id(), record.size(), tooLarge.detail());
                yield scanned(record, ScanState.UNSCANNABLE, null);
            }
        };
    }

    private ScanState scanned(MedicalRecord record, ScanState state, @Nullable String finding) {
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            records.scanned(record.id(), state, finding, now);
            events.publishEvent(new RecordScanned(record.caseId(), record.id(), state, finding, now));
        });
        return state;
    }

    private byte[] read(UUID blobId) {
        try (InputStream content = blobs.open(blobId).stream()) {
            return content.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 1, 4, 9, … minutes, at most an hour. */
    static Duration backoff(int attempts) {
        Duration wait = Duration.ofMinutes((long) attempts * attempts);
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    /**
     * The work's answer, or empty when it fails or overruns {@link #PARSE_TIME}: it runs on a thread of its own, which
     * is interrupted and left behind then (a parser that ignores interrupts finishes on it, unwaited for).
     */
    private static <T> Optional<T> within(String what, Callable<Optional<T>> work) {
        FutureTask<Optional<T>> task = new FutureTask<>(work);
        Thread thread = Thread.ofPlatform().daemon().name("record-processing").unstarted(task);
        thread.start();
        try {
            return task.get(PARSE_TIME.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            log.warn("Gave up on the {} after {}", what, PARSE_TIME);
            return Optional.empty();
        } catch (ExecutionException e) {
            log.info("No {}: {}", what, e.getCause().toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
