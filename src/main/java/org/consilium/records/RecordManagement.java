package org.consilium.records;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.consilium.identity.AccessScope;
import org.consilium.identity.Actor;
import org.consilium.identity.CaseVisibility;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import org.consilium.records.RecordPolicy.RecordAction;
import org.consilium.records.internal.EncryptedBlobs;
import org.consilium.records.internal.FileNames;
import org.consilium.records.internal.FileScreening;
import org.consilium.platform.ConsiliumProperties;
import org.consilium.records.internal.RecordStore;
import org.consilium.records.internal.UploadSlots;
import org.consilium.records.internal.Verdict;
import org.consilium.records.internal.imports.ClinicalImport;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.consilium.shared.FieldLabels;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.Sha256;
import org.consilium.shared.StorageFullException;
import org.consilium.shared.TooManyUnderWayException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The records module's API: add records to a case, list them, read their content. */
@Service
public class RecordManagement {

    /** The largest file the plain upload takes. */
    public static final long MAX_UPLOAD_BYTES = 50L * 1024 * 1024;

    private final CaseManagement cases;
    private final RecordStore records;
    private final EncryptedBlobs blobs;
    private final FileScreening screening;
    private final CaseVisibility visibility;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    /** How long an upload's slot lives if the instance running it dies before giving it back. */
    public static final Duration UPLOAD_SLOT_LEASE = Duration.ofMinutes(15);
    /** What a refused upload is told to wait: uploads usually end within seconds. */
    static final Duration UPLOAD_RETRY_AFTER = Duration.ofSeconds(10);

    private final UploadSlots slots;
    /** The two short transactions of an upload, around the slow work that needs no database. */
    private final TransactionTemplate transactions;
    private final ConsiliumProperties.Limits limits;
    /** FHIR bundles and C-CDA documents: read after screening, their data stored with the record. */
    private final ClinicalImport clinicalImport;

    RecordManagement(CaseManagement cases, RecordStore records, EncryptedBlobs blobs, FileScreening screening,
            CaseVisibility visibility, ApplicationEventPublisher events, Clock clock, UploadSlots slots,
            ConsiliumProperties properties, PlatformTransactionManager transactionManager,
            ClinicalImport clinicalImport) {
        this.clinicalImport = clinicalImport;
        this.slots = slots;
        this.transactions = new TransactionTemplate(transactionManager);
        this.limits = properties.limits();
        this.cases = cases;
        this.records = records;
        this.blobs = blobs;
        this.screening = screening;
        this.visibility = visibility;
        this.events = events;
        this.clock = clock;
    }

    /**
     * One of the uploads the caller may have under way at once ({@code consilium.limits.concurrent-uploads}, over all
     * app instances). Closing it gives the slot back; a slot never given back (the instance died) lapses after
     * {@link #UPLOAD_SLOT_LEASE}.
     */
    public final class UploadSlot implements AutoCloseable {

        private final java.util.UUID id;

        private UploadSlot(java.util.UUID id) {
            this.id = id;
        }

        @Override
        public void close() {
            slots.release(id);
        }
    }

    /**
     * Takes an upload slot for the caller, before the upload's bytes are read, in a short transaction of its own.
     *
     * @throws TooManyUnderWayException when the caller already has as many uploads under way as allowed
     */
    @Transactional
    public UploadSlot startUpload(AccessScope scope) {
        Instant now = clock.instant();
        int limit = limits.concurrentUploads();
        return slots.take(scope.actor().id(), limit, now, now.plus(UPLOAD_SLOT_LEASE)).map(UploadSlot::new)
                .orElseThrow(() -> new TooManyUnderWayException("too-many-uploads", "you already have " + limit
                        + (limit == 1 ? " upload" : " uploads") + " under way; wait until "
                        + (limit == 1 ? "it ends" : "one of them ends") + ", then try again", UPLOAD_RETRY_AFTER));
    }

    /**
     * Adds a file to the case, after checking who adds it, the case's state, the room left in the case and the file
     * itself. The bytes have arrived before, and the slow work (screening the file, encrypting and writing it) runs
     * between two short transactions, holding no database connection: the first checks the caller, the case, the
     * input and the room left; the second checks the caller, the case and the room again (under the case's storage
     * lock, so parallel uploads cannot together go over) and stores the record. Should the second refuse, nothing is
     * stored but a blob file no row knows, which the hourly purge deletes.
     *
     * @throws StorageFullException when the case's records would take more than {@code consilium.limits.case-storage}
     */
    public MedicalRecord upload(AccessScope scope, CaseId caseId, @Nullable String category,
            @Nullable String filename, byte[] content, @Nullable String dateOfService) {
        String sha256 = sha256(content);
        record Checked(RecordCategory category, String name, @Nullable LocalDate dateOfService,
                Optional<UUID> sameContent) {
        }
        Checked checked = java.util.Objects.requireNonNull(transactions.execute(status -> {
            uploadable(scope, caseId);
            Check check = new Check();
            RecordCategory parsedCategory = check.oneOf("category", category, RecordCategory.class, true);
            String given = Check.trimToNull(filename);
            String name = given == null ? null : FileNames.normalise(given);
            check.that(name != null, "file", FieldLabels.of("file") + " is required")
                    .that(name == null || FileNames.length(name) <= FileNames.MAX_LENGTH, "file",
                            Check.FILE_NAME_TOO_LONG)
                    .that(content.length > 0, "file", "the file is empty (0 bytes)")
                    .that(content.length <= MAX_UPLOAD_BYTES, "file", "the file is larger than 50 MB");
            LocalDate serviceDate = check.date("dateOfService", dateOfService, "2026-11-02");
            check.orThrow();
            ensureRoom(caseId, content.length, false);
            return new Checked(parsedCategory, java.util.Objects.requireNonNull(name), serviceDate,
                    blobs.findInCase(caseId.value(), sha256));
        }));
        Verdict.Accepted file = switch (screening.screen(content, checked.name())) {
            case Verdict.Accepted accepted -> accepted;
            case Verdict.Refused refused -> throw new InvalidInputException("file", refused.reason());
        };
        // A FHIR bundle or C-CDA document: parsed now (a broken one is refused here), its data stored below.
        Optional<ClinicalImport.Prepared> imported = clinicalImport.prepare(content, file.contentType());
        long adding = content.length + imported.map(ClinicalImport.Prepared::documentBytes).orElse(0L);
        Optional<EncryptedBlobs.PreparedBlob> prepared = checked.sameContent().isPresent() ? Optional.empty()
                : Optional.of(blobs.prepare(content, sha256));
        return java.util.Objects.requireNonNull(transactions.execute(status -> {
            RecordSource source = uploadable(scope, caseId);
            ensureRoom(caseId, adding, true);
            Instant now = clock.instant();
            UUID blobId = blobs.findInCase(caseId.value(), sha256).orElseGet(() -> blobs.register(
                    prepared.orElseGet(() -> blobs.prepare(content, sha256)), now));
            Actor actor = scope.actor();
            MedicalRecord record = new MedicalRecord(RecordId.random(), caseId, checked.category(), source,
                    file.filename(), file.contentType(), content.length, sha256, checked.dateOfService(), actor.id(),
                    now);
            records.insert(record, blobId);
            events.publishEvent(new RecordUploaded(caseId, record.id(), record.category(), sha256, actor.id(),
                    actor.role(), now));
            imported.ifPresent(i -> clinicalImport.store(record, i, actor, now));
            return record;
        }));
    }

    /** Refuses, audited, a caller who may not add records to the case now; answers how the record will be sourced. */
    private RecordSource uploadable(AccessScope scope, CaseId caseId) {
        CaseView c = cases.findHeld(scope, caseId, "upload record");
        cases.enforce(scope, caseId, "upload record", RecordPolicy.decide(c, RecordAction.UPLOAD));
        return java.util.Objects.requireNonNull(RecordPolicy.source(c));
    }

    /**
     * Gives a record another category. The patient or the case's coordinator may, while records can be added; the
     * change is kept as history (from, to, who, when) and audited, never overwritten silently.
     */
    @Transactional
    public Recategorised recategorise(AccessScope scope, CaseId caseId, RecordId recordId,
            @Nullable String category) {
        CaseView c = cases.findHeld(scope, caseId, "recategorise record");
        cases.enforce(scope, caseId, "recategorise record", RecordPolicy.decide(c, RecordAction.RECATEGORISE));
        Check check = new Check();
        RecordCategory to = check.oneOf("category", category, RecordCategory.class, true);
        check.orThrow();
        MedicalRecord record = records.findForUpdate(caseId, recordId)
                .orElseThrow(() -> new NotFoundException("record not found"));
        if (record.category() == to) {
            throw new InvalidInputException("category", "the record is already filed as "
                    + to.label().toLowerCase(java.util.Locale.ROOT));
        }
        Actor actor = scope.actor();
        Instant now = clock.instant();
        RecordCategory chosen = java.util.Objects.requireNonNull(to);
        records.recategorise(record, new CategoryChange(recordId, record.category(), chosen, actor.id(),
                actor.role(), now));
        events.publishEvent(new RecordRecategorised(caseId, recordId, record.category(), chosen, actor.id(),
                actor.role(), now));
        return new Recategorised(record.withCategory(chosen), records.categoryChanges(caseId).stream()
                .filter(change -> change.recordId().equals(recordId)).toList());
    }

    /** A record in its new category, with every change of its category, oldest first. */
    public record Recategorised(MedicalRecord record, List<CategoryChange> categoryChanges) {
    }

    /**
     * What the caller sees of a case's records: the list, with names only for those who may know the patient, and
     * every change of category, oldest first.
     */
    public record RecordList(List<MedicalRecord> records, boolean namesShown, List<String> allowedActions,
            List<CategoryChange> categoryChanges) {

        public RecordList {
            records = List.copyOf(records);
            allowedActions = List.copyOf(allowedActions);
            categoryChanges = List.copyOf(categoryChanges);
        }

        public boolean may(String action) {
            return allowedActions.contains(action);
        }

        /** The changes of one record's category, oldest first. */
        public List<CategoryChange> changesOf(RecordId record) {
            return categoryChanges.stream().filter(change -> change.recordId().equals(record)).toList();
        }
    }

    /**
     * The records of a case; anyone who may see the case may see the list, not the content. A specialist who has only
     * been offered the case sees categories, dates, types and sizes, but no file names, which often name the patient.
     */
    @Transactional
    public RecordList list(AccessScope scope, CaseId caseId) {
        return list(scope, cases.access(scope, caseId, "read record list"));
    }

    /** The records of a case the caller already holds the view of, as {@link #list(AccessScope, CaseId)}. */
    @Transactional
    public RecordList list(AccessScope scope, CaseView c) {
        CaseId caseId = c.id();
        visibility.read(scope, caseId, "record list");
        boolean names = RecordPolicy.decide(c, RecordAction.READ_NAMES).isAllowed();
        List<MedicalRecord> all = records.ofCase(caseId);
        return new RecordList(names ? all : all.stream().map(RecordManagement::unnamed).toList(), names,
                RecordPolicy.allowedActionNames(c), records.categoryChanges(caseId));
    }

    /**
     * A record's content as a stream, for the patient, the case's coordinator and the reviewing specialist: the read
     * is checked and audited now, the bytes are decrypted as they are sent.
     */
    @Transactional
    public RecordDownload download(AccessScope scope, CaseId caseId, RecordId recordId) {
        CaseView c = cases.access(scope, caseId, "read record content");
        cases.enforce(scope, caseId, "read record content", RecordPolicy.decide(c, RecordAction.READ_CONTENT));
        RecordStore.StoredRecord stored = records.find(caseId, recordId)
                .orElseThrow(() -> new NotFoundException("record not found"));
        visibility.read(scope, caseId, "record content " + recordId);
        EncryptedBlobs.OpenBlob blob = blobs.open(stored.blobId());
        return new RecordDownload(stored.record(), blob.size(), blob::stream);
    }

    private void ensureRoom(CaseId caseId, long adding, boolean lock) {
        long held = records.bytesOfCase(caseId, lock);
        long limit = limits.caseStorage().toBytes();
        if (held + adding > limit) {
            throw new StorageFullException("case-storage-full", "this case holds " + inWords(held)
                    + " of records; with this file (" + inWords(adding) + ") it would hold more than its limit of "
                    + inWords(limit) + "; nothing was stored", held, limit);
        }
    }

    /** Sizes as people read them, in the binary units the limits are set in (1 MB = 1,048,576 bytes). */
    static String inWords(long bytes) {
        String[] units = {"bytes", "KB", "MB", "GB", "TB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String number = value >= 100 || value == Math.rint(value) ? Long.toString(Math.round(value))
                : String.format(java.util.Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }

    private static MedicalRecord unnamed(MedicalRecord r) {
        return new MedicalRecord(r.id(), r.caseId(), r.category(), r.source(), r.category().label(),
                r.contentType(), r.size(), r.sha256(), r.dateOfService(), r.uploadedBy(), r.uploadedAt());
    }

    static String sha256(byte[] content) {
        return Sha256.hex(content);
    }
}
