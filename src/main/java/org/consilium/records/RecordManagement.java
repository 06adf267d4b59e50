package org.consilium.records;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
import org.consilium.records.internal.RecordStore;
import org.consilium.records.internal.Verdict;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.consilium.shared.FieldLabels;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.Sha256;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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

    RecordManagement(CaseManagement cases, RecordStore records, EncryptedBlobs blobs, FileScreening screening,
            CaseVisibility visibility, ApplicationEventPublisher events, Clock clock) {
        this.cases = cases;
        this.records = records;
        this.blobs = blobs;
        this.screening = screening;
        this.visibility = visibility;
        this.events = events;
        this.clock = clock;
    }

    /** Adds a file to the case, after checking who adds it, the case's state and the file itself. */
    @Transactional
    public MedicalRecord upload(AccessScope scope, CaseId caseId, @Nullable String category,
            @Nullable String filename, byte[] content, @Nullable String dateOfService) {
        CaseView c = cases.findHeld(scope, caseId, "upload record");
        cases.enforce(scope, caseId, "upload record", RecordPolicy.decide(c, RecordAction.UPLOAD));
        RecordSource source = java.util.Objects.requireNonNull(RecordPolicy.source(c));
        Actor actor = scope.actor();
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
        Verdict.Accepted file = switch (screening.screen(content, name)) {
            case Verdict.Accepted accepted -> accepted;
            case Verdict.Refused refused -> throw new InvalidInputException("file", refused.reason());
        };
        String contentType = file.contentType();
        name = file.filename();
        Instant now = clock.instant();
        String sha256 = sha256(content);
        UUID blobId = blobs.findInCase(caseId.value(), sha256).orElseGet(() -> blobs.store(content, sha256, now));
        MedicalRecord record = new MedicalRecord(RecordId.random(), caseId, parsedCategory, source,
                name, contentType, content.length, sha256, serviceDate, actor.id(), now);
        records.insert(record, blobId);
        events.publishEvent(new RecordUploaded(caseId, record.id(), record.category(), sha256, actor.id(),
                actor.role(), now));
        return record;
    }

    /** What the caller sees of a case's records: the list, with names only for those who may know the patient. */
    public record RecordList(List<MedicalRecord> records, boolean namesShown, List<String> allowedActions) {

        public RecordList {
            records = List.copyOf(records);
            allowedActions = List.copyOf(allowedActions);
        }

        public boolean may(String action) {
            return allowedActions.contains(action);
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
                RecordPolicy.allowedActionNames(c));
    }

    /** A record's content, for the patient, the case's coordinator and the reviewing specialist. */
    @Transactional
    public RecordContent content(AccessScope scope, CaseId caseId, RecordId recordId) {
        CaseView c = cases.access(scope, caseId, "read record content");
        cases.enforce(scope, caseId, "read record content", RecordPolicy.decide(c, RecordAction.READ_CONTENT));
        RecordStore.StoredRecord stored = records.find(caseId, recordId)
                .orElseThrow(() -> new NotFoundException("record not found"));
        visibility.read(scope, caseId, "record content " + recordId);
        return new RecordContent(stored.record(), blobs.read(stored.blobId()));
    }

    private static MedicalRecord unnamed(MedicalRecord r) {
        return new MedicalRecord(r.id(), r.caseId(), r.category(), r.source(), r.category().label(),
                r.contentType(), r.size(), r.sha256(), r.dateOfService(), r.uploadedBy(), r.uploadedAt());
    }

    static String sha256(byte[] content) {
        return Sha256.hex(content);
    }
}
