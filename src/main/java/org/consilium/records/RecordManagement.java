package org.consilium.records;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.io.InputStream;
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
import org.consilium.records.internal.RecordProcessing;
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
    private final UploadSettings uploadSettings;
    /** Megabytes the in-memory checks of finishing resumable uploads may take together. */
    private final java.util.concurrent.Semaphore checkingMemory;
    /** Scans, text and thumbnails, after an upload: decides the scan state a new record starts in. */
    private final RecordProcessing processing;
    /** FHIR bundles and C-CDA documents: read after screening, their data stored with the record. */
    private final ClinicalImport clinicalImport;

    RecordManagement(CaseManagement cases, RecordStore records, EncryptedBlobs blobs, FileScreening screening,
            CaseVisibility visibility, ApplicationEventPublisher events, Clock clock, UploadSlots slots,
            ConsiliumProperties properties, PlatformTransactionManager transactionManager,
            UploadSettings uploadSettings, RecordProcessing processing, ClinicalImport clinicalImport) {
        this.uploadSettings = uploadSettings;
        this.checkingMemory = new java.util.concurrent.Semaphore((int) Math.max(
                uploadSettings.checkingMemory().toMegabytes(), uploadSettings.checkedInMemory().toMegabytes()), true);
        this.processing = processing;
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
        return uploadFiles(scope, caseId, category, filename, content, dateOfService).records().getFirst();
    }

    /**
     * What an upload became: one record, or the records of the files of a ZIP archive.
     *
     * @param fromArchive whether the upload was an archive, unpacked (its own bytes are not kept)
     */
    public record Uploaded(List<MedicalRecord> records, boolean fromArchive) {

        public Uploaded {
            records = List.copyOf(records);
        }
    }

    /**
     * As {@link #upload}, answering every record the upload became: one, or, for a ZIP archive, one for each file it
     * holds ({@link #storeArchive}).
     */
    public Uploaded uploadFiles(AccessScope scope, CaseId caseId, @Nullable String category,
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
        if (ARCHIVE.equals(file.contentType())) {
            return new Uploaded(storeArchive(scope, caseId, checked.category(), checked.dateOfService(),
                    checked.name(), content, record -> {
                    }), true);
        }
        // A FHIR bundle or C-CDA document: parsed now (a broken one is refused here), its data stored below.
        Optional<ClinicalImport.Prepared> imported = clinicalImport.prepare(content, file.contentType());
        long adding = content.length + imported.map(ClinicalImport.Prepared::documentBytes).orElse(0L);
        Optional<EncryptedBlobs.PreparedBlob> prepared = checked.sameContent().isPresent() ? Optional.empty()
                : Optional.of(blobs.prepare(content, sha256));
        return new Uploaded(List.of(store(scope, caseId, checked.category(), checked.dateOfService(), checked.name(),
                file,
                content.length, adding, sha256, () -> blobs.register(prepared.orElseGet(() -> blobs.prepare(content,
                        sha256)), clock.instant()),
                record -> imported.ifPresent(i -> clinicalImport.store(record, i, scope.actor(),
                        record.uploadedAt()))).record()), false);
    }

    /** The type of the archives an upload is unpacked from. */
    static final String ARCHIVE = "application/zip";

    /**
     * Unpacks a screened ZIP archive into its files and stores each as a record of its own, with the upload's
     * category and date of service, and where it came from as its description ("From study.zip: DICOM/IM0001"). Each
     * file is screened on its own as it is unpacked, then encrypted and written; one transaction then stores them all
     * (checking the caller, the case and the room for all of them, as {@link #store} does for one). A refusal stores
     * nothing, and the files written so far are deleted.
     *
     * @param alsoInTransaction runs with the first record, in the transaction that stores them
     */
    private List<MedicalRecord> storeArchive(AccessScope scope, CaseId caseId, RecordCategory category,
            @Nullable LocalDate dateOfService, String archiveName, byte[] archive,
            java.util.function.Consumer<MedicalRecord> alsoInTransaction) {
        record Piece(Verdict.Accepted file, String path, long size, String sha256,
                EncryptedBlobs.PreparedBlob blob) {
        }
        List<Piece> pieces = new java.util.ArrayList<>();
        try {
            screening.unpack(archive, unpacked -> {
                String sha = sha256(unpacked.content());
                pieces.add(new Piece(unpacked.file(), unpacked.path(), unpacked.content().length, sha,
                        blobs.prepare(unpacked.content(), sha)));
            });
            if (pieces.isEmpty()) {
                throw new InvalidInputException("file", "the archive holds no files");
            }
            long adding = pieces.stream().mapToLong(Piece::size).sum();
            List<java.util.Map.Entry<MedicalRecord, Boolean>> stored = java.util.Objects.requireNonNull(
                    transactions.execute(status -> {
                        RecordSource source = uploadable(scope, caseId);
                        ensureRoom(caseId, adding, true);
                        Instant now = clock.instant();
                        Actor actor = scope.actor();
                        List<java.util.Map.Entry<MedicalRecord, Boolean>> made = new java.util.ArrayList<>();
                        for (Piece piece : pieces) {
                            String from = "From " + archiveName + ": " + piece.path();
                            Stored one = add(caseId, category, source, actor, now, dateOfService,
                                    FileNames.normalise(piece.path().substring(piece.path().lastIndexOf('/') + 1)),
                                    piece.file(), piece.size(), piece.sha256(),
                                    from.length() > 2000 ? from.substring(0, 2000) : from,
                                    () -> blobs.register(piece.blob(), now));
                            made.add(java.util.Map.entry(one.record(), one.linked()));
                        }
                        alsoInTransaction.accept(made.getFirst().getKey());
                        return made;
                    }));
            for (int i = 0; i < stored.size(); i++) {
                if (stored.get(i).getValue()) {
                    blobs.discard(pieces.get(i).blob().storageKey());
                }
            }
            return stored.stream().map(java.util.Map.Entry::getKey).toList();
        } catch (RuntimeException e) {
            pieces.forEach(piece -> blobs.discard(piece.blob().storageKey()));
            throw e;
        }
    }

    /**
     * Stores the record of a checked file, in one short transaction that checks the caller, the case and the room
     * again (under the case's storage lock, so parallel uploads cannot together go over) and links the content to a
     * blob of the case with the same bytes, or to the one {@code newBlob} registers.
     *
     * @param adding the bytes the case's room must take: the file's, and those of the documents an imported bundle
     *     carries
     * @param alsoInTransaction runs with the new record, in the transaction that stores it
     * @return the record, and whether its content was linked to a blob the case already held
     */
    private Stored store(AccessScope scope, CaseId caseId, RecordCategory category,
            @Nullable LocalDate dateOfService, String givenName, Verdict.Accepted file, long size, long adding,
            String sha256,
            java.util.function.Supplier<UUID> newBlob,
            java.util.function.Consumer<MedicalRecord> alsoInTransaction) {
        return java.util.Objects.requireNonNull(transactions.execute(status -> {
            RecordSource source = uploadable(scope, caseId);
            ensureRoom(caseId, adding, true);
            Stored stored = add(caseId, category, source, scope.actor(), clock.instant(), dateOfService, givenName,
                    file, size, sha256, null, newBlob);
            alsoInTransaction.accept(stored.record());
            return stored;
        }));
    }

    /**
     * Adds one checked file's record, in the caller's transaction: its content linked to a blob of the case with the
     * same bytes, or to the one {@code newBlob} registers; queued for scanning, and announced.
     */
    private Stored add(CaseId caseId, RecordCategory category, RecordSource source, Actor actor, Instant now,
            @Nullable LocalDate dateOfService, String givenName, Verdict.Accepted file, long size, String sha256,
            @Nullable String description, java.util.function.Supplier<UUID> newBlob) {
        Optional<UUID> same = blobs.findInCase(caseId.value(), sha256);
        UUID blobId = same.orElseGet(newBlob);
        MedicalRecord record = new MedicalRecord(RecordId.random(), caseId, category, source, file.filename(),
                file.contentType(), size, sha256, dateOfService, actor.id(), now, description, null,
                processing.initialScanState(), null, false, null).namedAs(givenName);
        records.insert(record, blobId);
        events.publishEvent(new RecordUploaded(caseId, record.id(), record.category(), sha256, actor.id(),
                actor.role(), now));
        return new Stored(record, same.isPresent());
    }

    private record Stored(MedicalRecord record, boolean linked) {
    }

    /**
     * A blob a resumable upload wrote in parts: complete in storage, unknown to the database until its record is
     * stored.
     *
     * @param sha256 the content's hash, computed as it arrived; null when the upload moved between app instances on
     *     the way, and it is computed again from the stored blob
     */
    record UploadedBlob(UUID id, javax.crypto.SecretKey key, int keyVersion, byte[] wrappedKey, byte[] keyNonce, String storageKey,
            long size, @Nullable String sha256) {
    }

    /** The first bytes a file too large to check in memory is screened from. */
    private static final int HEAD = 64 * 1024;

    /**
     * Screens the content of a finished resumable upload from the decrypting stream, and stores its record (or, when
     * the case already holds the same bytes, links it and drops the upload's copy). A file up to
     * {@code consilium.uploads.checked-in-memory} is checked whole in memory, as the plain upload is, taking its share
     * of {@code checking-memory} meanwhile; a larger one from its first bytes ({@link FileScreening#screenLarge}).
     *
     * @param alsoInTransaction runs in the transaction that stores the record
     * @throws InvalidInputException when the file is refused; nothing is stored and the caller drops the blob
     */
    List<MedicalRecord> storeUploaded(AccessScope scope, CaseId caseId, RecordCategory category, String filename,
            @Nullable LocalDate dateOfService, UploadedBlob blob,
            java.util.function.Consumer<RecordId> alsoInTransaction) {
        EncryptedBlobs.OpenBlob open = blobs.open(blob.id(), blob.key(), blob.storageKey(), blob.size());
        String sha256 = blob.sha256() != null ? blob.sha256() : Sha256.of(open::stream);
        Verdict verdict;
        Optional<ClinicalImport.Prepared> imported = Optional.empty();
        long inMemory = uploadSettings.checkedInMemory().toBytes();
        if (blob.size() <= inMemory) {
            int megabytes = (int) Math.max(1, (blob.size() + (1 << 20) - 1) >> 20);
            checkingMemory.acquireUninterruptibly(megabytes);
            try (InputStream in = open.stream()) {
                byte[] content = in.readAllBytes();
                verdict = screening.screen(content, filename);
                if (verdict instanceof Verdict.Accepted accepted && ARCHIVE.equals(accepted.contentType())) {
                    // Unpacked into its files; the archive's own bytes are not kept.
                    List<MedicalRecord> unpacked = storeArchive(scope, caseId, category, dateOfService, filename,
                            content, record -> alsoInTransaction.accept(record.id()));
                    blobs.discard(blob.storageKey());
                    return unpacked;
                }
                if (verdict instanceof Verdict.Accepted accepted) {
                    // A FHIR bundle or C-CDA document: parsed while its bytes are here (a broken one is refused).
                    imported = clinicalImport.prepare(content, accepted.contentType());
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("could not read upload " + blob.id(), e);
            } finally {
                checkingMemory.release(megabytes);
            }
        } else {
            try (InputStream in = open.stream()) {
                verdict = screening.screenLarge(in.readNBytes(HEAD), filename, inWords(inMemory));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("could not read upload " + blob.id(), e);
            }
        }
        Verdict.Accepted file = switch (verdict) {
            case Verdict.Accepted accepted -> accepted;
            case Verdict.Refused refused -> throw new InvalidInputException("file", refused.reason());
        };
        Optional<ClinicalImport.Prepared> prepared = imported;
        long adding = blob.size() + prepared.map(ClinicalImport.Prepared::documentBytes).orElse(0L);
        Stored stored = store(scope, caseId, category, dateOfService, filename, file, blob.size(), adding, sha256,
                () -> blobs.register(new EncryptedBlobs.PreparedBlob(blob.id(), blob.keyVersion(), blob.wrappedKey(),
                        blob.keyNonce(), blob.size(), sha256, blob.storageKey()), clock.instant()),
                record -> {
                    alsoInTransaction.accept(record.id());
                    prepared.ifPresent(i -> clinicalImport.store(record, i, scope.actor(), record.uploadedAt()));
                });
        if (stored.linked()) {
            blobs.discard(blob.storageKey());
        }
        return List.of(stored.record());
    }

    /** Refuses, audited, a caller who may not add records to the case now; answers how the record will be sourced. */
    RecordSource uploadable(AccessScope scope, CaseId caseId) {
        CaseView c = cases.findHeld(scope, caseId, "upload record");
        cases.enforce(scope, caseId, "upload record", RecordPolicy.decide(c, RecordAction.UPLOAD));
        return java.util.Objects.requireNonNull(RecordPolicy.source(c));
    }

    /** The longest description a record may have. */
    public static final int MAX_DESCRIPTION = 2000;
    /** The longest origin (who issued the record) a record may have. */
    public static final int MAX_ORIGIN = 200;
    /** The longest reason for voiding a record. */
    public static final int MAX_VOID_REASON = 500;

    /**
     * A change of a record's details, as given: a null field is left as it is, a blank one (but the category, which a
     * record always has) is emptied.
     */
    public record RecordEdit(@Nullable String category, @Nullable String dateOfService, @Nullable String description,
            @Nullable String origin) {

        /** Only another category. */
        public static RecordEdit category(@Nullable String category) {
            return new RecordEdit(category == null ? "" : category, null, null, null);
        }
    }

    /**
     * Changes a record's details: its category, date of service, description and origin. Whoever added the record or
     * the case's coordinator may, while records can be added ({@link RecordPolicy}); every change is kept as history
     * (from, to, who, when) and audited, never overwritten silently. A change of category is a
     * {@link RecordRecategorised}, of the other details a {@link RecordDetailsEdited}.
     *
     * @throws InvalidInputException when a detail is invalid, or nothing would change
     */
    @Transactional
    public Edited edit(AccessScope scope, CaseId caseId, RecordId recordId, RecordEdit edit) {
        CaseView c = cases.findHeld(scope, caseId, "edit record");
        MedicalRecord record = records.findForUpdate(caseId, recordId)
                .orElseThrow(() -> new NotFoundException("record not found"));
        cases.enforce(scope, caseId, "edit record", RecordPolicy.decide(c, RecordAction.EDIT, record));
        Check check = new Check();
        RecordCategory category = edit.category() == null ? record.category()
                : check.oneOf("category", edit.category(), RecordCategory.class, true);
        LocalDate date = edit.dateOfService() == null ? record.dateOfService()
                : check.date("dateOfService", edit.dateOfService(), "2026-11-02");
        String description = edit.description() == null ? record.description() : Check.trimToNull(edit.description());
        String origin = edit.origin() == null ? record.origin() : Check.trimToNull(edit.origin());
        check.maxLength("description", description, MAX_DESCRIPTION).maxLength("origin", origin, MAX_ORIGIN);
        check.orThrow();
        Actor actor = scope.actor();
        Instant now = clock.instant();
        List<DetailChange> changes = new java.util.ArrayList<>();
        detailChange(changes, recordId, "dateOfService", record.dateOfService(), date, actor, now);
        detailChange(changes, recordId, "description", record.description(), description, actor, now);
        detailChange(changes, recordId, "origin", record.origin(), origin, actor, now);
        RecordCategory to = java.util.Objects.requireNonNull(category);
        if (to == record.category() && changes.isEmpty()) {
            if (edit.category() != null && edit.dateOfService() == null && edit.description() == null
                    && edit.origin() == null) {
                throw new InvalidInputException("category", "the record is already filed as "
                        + to.label().toLowerCase(java.util.Locale.ROOT));
            }
            throw new InvalidInputException(edit.category() != null ? "category" : edit.dateOfService() != null
                    ? "dateOfService" : edit.description() != null ? "description" : "origin",
                    "nothing to change: the record already has these details");
        }
        if (to != record.category()) {
            records.recategorise(record, new CategoryChange(recordId, record.category(), to, actor.id(),
                    actor.role(), now));
            events.publishEvent(new RecordRecategorised(caseId, recordId, record.category(), to, actor.id(),
                    actor.role(), now));
        }
        MedicalRecord edited = new MedicalRecord(record.id(), caseId, to, record.source(), record.filename(),
                record.contentType(), record.size(), record.sha256(), date, record.uploadedBy(), record.uploadedAt(),
                description, origin, record.scanState(), record.voiding(), record.hasThumbnail(), record.namedAs());
        if (!changes.isEmpty()) {
            records.editDetails(edited, changes);
            events.publishEvent(new RecordDetailsEdited(caseId, recordId,
                    changes.stream().map(DetailChange::field).toList(), actor.id(), actor.role(), now));
        }
        return new Edited(edited, records.categoryChanges(caseId).stream()
                .filter(change -> change.recordId().equals(recordId)).toList(),
                records.detailChanges(caseId).stream().filter(change -> change.recordId().equals(recordId)).toList());
    }

    private static void detailChange(List<DetailChange> changes, RecordId recordId, String field,
            @Nullable Object from, @Nullable Object to, Actor actor, Instant now) {
        if (!java.util.Objects.equals(from, to)) {
            changes.add(new DetailChange(recordId, field, from == null ? null : from.toString(),
                    to == null ? null : to.toString(), actor.id(), actor.role(), now));
        }
    }

    /** A record with its new details, and every change of its category and of its other details, oldest first. */
    public record Edited(MedicalRecord record, List<CategoryChange> categoryChanges,
            List<DetailChange> detailChanges) {
    }

    /**
     * Voids a record, with a reason: it stays listed, marked voided with who, when and why, and nothing of it is
     * deleted; its content is then served to the case's coordinator alone, it leaves search results, and it no longer
     * counts against the case's storage. Whoever added the record or the case's coordinator may, while records can be
     * added.
     */
    @Transactional
    public MedicalRecord voidRecord(AccessScope scope, CaseId caseId, RecordId recordId, @Nullable String reason) {
        CaseView c = cases.findHeld(scope, caseId, "void record");
        MedicalRecord record = records.findForUpdate(caseId, recordId)
                .orElseThrow(() -> new NotFoundException("record not found"));
        cases.enforce(scope, caseId, "void record", RecordPolicy.decide(c, RecordAction.VOID, record));
        String why = Check.trimToNull(reason);
        new Check().required("reason", why, MAX_VOID_REASON).orThrow();
        Actor actor = scope.actor();
        Voiding voiding = new Voiding(clock.instant(), actor.id(), actor.role(), java.util.Objects.requireNonNull(why));
        records.voidRecord(recordId, voiding);
        events.publishEvent(new RecordVoided(caseId, recordId, voiding.reason(), actor.id(), actor.role(),
                voiding.at()));
        return new MedicalRecord(record.id(), caseId, record.category(), record.source(), record.filename(),
                record.contentType(), record.size(), record.sha256(), record.dateOfService(), record.uploadedBy(),
                record.uploadedAt(), record.description(), record.origin(), record.scanState(), voiding,
                record.hasThumbnail(), record.namedAs());
    }

    /**
     * What the caller sees of a case's records: the list, with names only for those who may know the patient, and
     * every change of category, oldest first.
     */
    public record RecordList(List<MedicalRecord> records, boolean namesShown, List<String> allowedActions,
            List<CategoryChange> categoryChanges, List<DetailChange> detailChanges,
            java.util.Map<RecordId, List<String>> recordActions) {

        public RecordList {
            records = List.copyOf(records);
            allowedActions = List.copyOf(allowedActions);
            categoryChanges = List.copyOf(categoryChanges);
            detailChanges = List.copyOf(detailChanges);
            recordActions = java.util.Map.copyOf(recordActions);
        }

        public boolean may(String action) {
            return allowedActions.contains(action);
        }

        /** Whether the caller may take this action on this record ({@code readRecords}, {@code editRecord}, …). */
        public boolean mayOn(RecordId record, String action) {
            return actionsOn(record).contains(action);
        }

        /** The actions the caller may take on this record, by their wire names. */
        public List<String> actionsOn(RecordId record) {
            return recordActions.getOrDefault(record, List.of());
        }

        /** The changes of one record's category, oldest first. */
        public List<CategoryChange> changesOf(RecordId record) {
            return categoryChanges.stream().filter(change -> change.recordId().equals(record)).toList();
        }

        /** The changes of one record's other details, oldest first. */
        public List<DetailChange> detailChangesOf(RecordId record) {
            return detailChanges.stream().filter(change -> change.recordId().equals(record)).toList();
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
        java.util.Map<RecordId, List<String>> actions = new java.util.HashMap<>();
        all.forEach(r -> actions.put(r.id(), RecordPolicy.recordActionNames(c, r)));
        // Who may not see file names sees no description either: both are written by people who know the patient.
        return new RecordList(names ? all : all.stream().map(RecordManagement::unnamed).toList(), names,
                RecordPolicy.allowedActionNames(c), records.categoryChanges(caseId),
                names ? records.detailChanges(caseId) : List.of(), actions);
    }

    /** The longest search a caller may ask for. */
    public static final int MAX_QUERY = 200;
    /** The most records a search answers. */
    static final int MAX_MATCHES = 50;

    /** A record whose text matched a search, with a passage around the words found. */
    public record Match(MedicalRecord record, String snippet) {
    }

    /**
     * The records of the case whose text holds the words asked for (words, "a phrase", -excluded), best first, with a
     * passage of each: for those who may read the records' content, since the passage is content. Voided records are
     * left out; infected and pending ones have no text. Audited as a read of the case's records.
     */
    @Transactional
    public List<Match> search(AccessScope scope, CaseId caseId, @Nullable String query) {
        CaseView c = cases.access(scope, caseId, "search records");
        cases.enforce(scope, caseId, "search records", RecordPolicy.decide(c, RecordAction.READ_CONTENT));
        String words = Check.trimToNull(query);
        new Check().required("q", words, MAX_QUERY).orThrow();
        visibility.read(scope, caseId, "record search");
        java.util.Map<RecordId, MedicalRecord> byId = new java.util.HashMap<>();
        records.ofCase(caseId).forEach(r -> byId.put(r.id(), r));
        return records.search(caseId, java.util.Objects.requireNonNull(words), MAX_MATCHES).stream()
                .filter(m -> byId.containsKey(m.recordId()))
                .map(m -> new Match(byId.get(m.recordId()), m.snippet()))
                .toList();
    }

    /** A record's thumbnail: a small PNG of its first page or image. */
    public record Thumbnail(MedicalRecord record, byte[] png) {
    }

    /**
     * The record's thumbnail, for whoever may read its content, when the content may be served (a thumbnail shows
     * it); audited like a read of the content.
     *
     * @throws NotFoundException when the record has none (its type has none, or it could not be drawn)
     */
    @Transactional
    public Thumbnail thumbnail(AccessScope scope, CaseId caseId, RecordId recordId) {
        CaseView c = cases.access(scope, caseId, "read record thumbnail");
        cases.enforce(scope, caseId, "read record thumbnail", RecordPolicy.decide(c, RecordAction.READ_CONTENT));
        MedicalRecord record = records.find(caseId, recordId)
                .orElseThrow(() -> new NotFoundException("record not found")).record();
        cases.enforce(scope, caseId, "read record thumbnail",
                RecordPolicy.decide(c, RecordAction.READ_CONTENT, record));
        java.util.UUID blobId = records.thumbnailOf(caseId, recordId)
                .orElseThrow(() -> new NotFoundException("the record has no thumbnail"));
        visibility.read(scope, caseId, "record thumbnail " + recordId);
        try (java.io.InputStream png = blobs.open(blobId).stream()) {
            return new Thumbnail(record, png.readAllBytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A record's content as a stream, for the patient, the case's coordinator and the reviewing specialist: the read
     * is checked and audited now, the bytes are decrypted as they are sent.
     */
    @Transactional
    public RecordDownload download(AccessScope scope, CaseId caseId, RecordId recordId) {
        return download(scope, caseId, recordId, type -> true);
    }

    /**
     * As {@link #download(AccessScope, CaseId, RecordId)}, for a reader that serves only some types (the inline
     * viewer): a record of another type is not found, and nothing is read or audited as read.
     */
    @Transactional
    public RecordDownload download(AccessScope scope, CaseId caseId, RecordId recordId,
            java.util.function.Predicate<String> servedTypes) {
        CaseView c = cases.access(scope, caseId, "read record content");
        cases.enforce(scope, caseId, "read record content", RecordPolicy.decide(c, RecordAction.READ_CONTENT));
        RecordStore.StoredRecord stored = records.find(caseId, recordId)
                .filter(found -> servedTypes.test(found.record().contentType()))
                .orElseThrow(() -> new NotFoundException("record not found"));
        // Pending or infected content goes to nobody; voided content to the case's coordinator alone.
        cases.enforce(scope, caseId, "read record content",
                RecordPolicy.decide(c, RecordAction.READ_CONTENT, stored.record()));
        visibility.read(scope, caseId, "record content " + recordId);
        EncryptedBlobs.OpenBlob blob = blobs.open(stored.blobId());
        return new RecordDownload(stored.record(), blob.size(), blob::stream);
    }

    void ensureRoom(CaseId caseId, long adding, boolean lock) {
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
                r.contentType(), r.size(), r.sha256(), r.dateOfService(), r.uploadedBy(), r.uploadedAt(), null,
                r.origin(), r.scanState(), r.voiding() == null ? null : new Voiding(r.voiding().at(), r.voiding().by(),
                        r.voiding().role(), "the reason is shown to the care team"), r.hasThumbnail(), null);
    }

    static String sha256(byte[] content) {
        return Sha256.hex(content);
    }
}
