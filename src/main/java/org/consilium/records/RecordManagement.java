package org.consilium.records;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.consilium.identity.AccessScope;
import org.consilium.identity.Actor;
import org.consilium.identity.CaseVisibility;
import org.consilium.identity.GrantReason;
import org.consilium.identity.Role;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseStatus;
import org.consilium.intake.SecondOpinionCase;
import org.consilium.records.internal.EncryptedBlobs;
import org.consilium.records.internal.FileNames;
import org.consilium.records.internal.FileScreening;
import org.consilium.records.internal.RecordStore;
import org.consilium.records.internal.Verdict;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.IllegalTransitionException;
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

    /** While the case is gathering its file, records can be added. */
    private static final Set<CaseStatus> OPEN_FOR_RECORDS = EnumSet.of(CaseStatus.DRAFT, CaseStatus.SUBMITTED,
            CaseStatus.COLLECTING_RECORDS);

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
        SecondOpinionCase c = cases.findHeld(scope, caseId);
        Actor actor = scope.actor();
        RecordSource source = visibility.guarded(scope, caseId, "upload record", () -> sourceFor(scope, c));
        if (!OPEN_FOR_RECORDS.contains(c.status())) {
            throw new IllegalTransitionException("records can be added only while a case is a draft, submitted or "
                    + "collecting records; this case is " + c.status().label().toLowerCase(java.util.Locale.ROOT));
        }
        Check check = new Check();
        RecordCategory parsedCategory = check.oneOf("category", category, RecordCategory.class, true);
        String given = Check.trimToNull(filename);
        String name = given == null ? null : FileNames.normalise(given);
        check.that(name != null, "file", "file is required")
                .that(name == null || FileNames.length(name) <= FileNames.MAX_LENGTH, "file",
                        Check.FILE_NAME_TOO_LONG)
                .that(content.length > 0, "file", "the file is empty (0 bytes)")
                .that(content.length <= MAX_UPLOAD_BYTES, "file", "the file is larger than 50 MB");
        LocalDate serviceDate = parseDate(check, dateOfService);
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

    /** The records of a case; anyone who may see the case may see the list (not the content). */
    @Transactional
    public List<MedicalRecord> list(AccessScope scope, CaseId caseId) {
        cases.find(scope, caseId);
        visibility.read(scope, caseId, "record list");
        return records.ofCase(caseId);
    }

    /** A record's content, for the patient, the case's coordinator and the reviewing specialist. */
    @Transactional
    public RecordContent content(AccessScope scope, CaseId caseId, RecordId recordId) {
        SecondOpinionCase c = cases.find(scope, caseId);
        visibility.guarded(scope, caseId, "read record content", () -> {
            mayReadContent(scope, c);
            return c;
        });
        RecordStore.StoredRecord stored = records.find(caseId, recordId)
                .orElseThrow(() -> new NotFoundException("record not found"));
        visibility.read(scope, caseId, "record content " + recordId);
        return new RecordContent(stored.record(), blobs.read(stored.blobId()));
    }

    /** What the caller may do with a case's records, for pages to offer only what will work. */
    public record Permissions(boolean upload, boolean readContent) {
    }

    @Transactional
    public Permissions permissions(AccessScope scope, CaseId caseId) {
        SecondOpinionCase c = cases.find(scope, caseId);
        return new Permissions(uploader(scope, c) != null && OPEN_FOR_RECORDS.contains(c.status()),
                mayRead(scope, c));
    }

    private static @Nullable RecordSource uploader(AccessScope scope, SecondOpinionCase c) {
        Actor actor = scope.actor();
        if (actor.is(Role.PATIENT) && c.isPatient(actor.id())) {
            return RecordSource.PATIENT_UPLOAD;
        }
        if (actor.is(Role.COORDINATOR) && scope.holds(c.id(), GrantReason.COORDINATOR)) {
            return RecordSource.COORDINATOR_UPLOAD;
        }
        return null;
    }

    private static RecordSource sourceFor(AccessScope scope, SecondOpinionCase c) {
        RecordSource source = uploader(scope, c);
        if (source == null) {
            throw new ForbiddenActionException("only the patient or the case's coordinator can add records");
        }
        return source;
    }

    private static boolean mayRead(AccessScope scope, SecondOpinionCase c) {
        return scope.onCareTeam(c.id());
    }

    private static void mayReadContent(AccessScope scope, SecondOpinionCase c) {
        Actor actor = scope.actor();
        if (!mayRead(scope, c)) {
            throw new ForbiddenActionException(actor.is(Role.SPECIALIST)
                    ? "accept the offer before reading the records' content"
                    : "only the patient, the case's coordinator and the reviewing specialist can read the records' "
                            + "content");
        }
    }

    private static @Nullable LocalDate parseDate(Check check, @Nullable String text) {
        String value = Check.trimToNull(text);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            check.that(false, "dateOfService", "dateOfService must be a date like 2026-11-02");
            return null;
        }
    }

    static String sha256(byte[] content) {
        return Sha256.hex(content);
    }
}
