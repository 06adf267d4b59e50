package org.consilium.records.web;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import io.swagger.v3.oas.annotations.Operation;
import org.consilium.shared.ApiErrors;
import org.consilium.identity.AccessScope;
import org.consilium.records.CategoryChange;
import org.consilium.records.DetailChange;
import org.consilium.records.Voiding;
import org.consilium.records.MedicalRecord;
import org.consilium.records.RecordId;
import org.consilium.records.RecordManagement;
import org.consilium.records.RecordManagement.RecordList;
import org.consilium.shared.CaseId;
import org.consilium.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import java.io.InputStream;
import org.consilium.records.RecordDownload;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** A case's records over HTTP: multipart upload (up to 50 MB), list, content. */
@RestController
@RequestMapping("/api/v1/cases/{caseId}/records")
class RecordApiController {

    private final RecordManagement records;

    RecordApiController(RecordManagement records) {
        this.records = records;
    }

    /** One change of a record's category: when, from what, to what, and the role of who changed it. */
    record CategoryChangeResponse(Instant at, String from, String to, String changedByRole) {

        static CategoryChangeResponse of(CategoryChange change) {
            return new CategoryChangeResponse(change.at(), change.from().name(), change.to().name(),
                    change.changedByRole().name());
        }
    }

    /** One change of another detail: which, when, from what, to what (null: empty), and the role of who changed it. */
    record DetailChangeResponse(Instant at, String field, @Nullable String from, @Nullable String to,
            String changedByRole) {

        static DetailChangeResponse of(DetailChange change) {
            return new DetailChangeResponse(change.at(), change.field(), change.from(), change.to(),
                    change.changedByRole().name());
        }
    }

    /** Why, when and by what role a record was voided. */
    record VoidedResponse(Instant at, String byRole, String reason) {

        static @Nullable VoidedResponse of(@Nullable Voiding voiding) {
            return voiding == null ? null : new VoidedResponse(voiding.at(), voiding.role().name(), voiding.reason());
        }
    }

    record RecordResponse(String id, String caseId, String category, String source, String filename,
            String contentType, long size, String sha256, @Nullable String namedAs, @Nullable LocalDate dateOfService,
            @Nullable String description, @Nullable String origin, String scanState, @Nullable VoidedResponse voided,
            boolean hasThumbnail, Instant uploadedAt, List<String> allowedActions,
            List<CategoryChangeResponse> categoryChanges, List<DetailChangeResponse> detailChanges) {

        static RecordResponse of(MedicalRecord r, List<String> allowedActions, List<CategoryChange> changes,
                List<DetailChange> detailChanges) {
            return new RecordResponse(r.id().toString(), r.caseId().toString(), r.category().name(),
                    r.source().name(), r.filename(), r.contentType(), r.size(), r.sha256(), r.namedAs(),
                    r.dateOfService(),
                    r.description(), r.origin(), r.scanState().name(), VoidedResponse.of(r.voiding()),
                    r.hasThumbnail(), r.uploadedAt(), allowedActions,
                    changes.stream().map(CategoryChangeResponse::of).toList(),
                    detailChanges.stream().map(DetailChangeResponse::of).toList());
        }

        static RecordResponse of(RecordList list, MedicalRecord r) {
            return of(r, list.actionsOn(r.id()), list.changesOf(r.id()), list.detailChangesOf(r.id()));
        }
    }

    /** Details to change: a field left out stays as it is; an empty string empties it (but the category). */
    record EditRequest(@Nullable String category, @Nullable String dateOfService, @Nullable String description,
            @Nullable String origin) {
    }

    record VoidRequest(@Nullable String reason) {
    }

    /** A record whose text matched, with a passage around the words found. */
    record MatchResponse(RecordResponse record, String snippet) {
    }

    /**
     * The parts are parsed lazily, while this method's arguments are resolved: after {@link ApiUploadSlots} took the
     * caller's upload slot, and before the upload's transactions.
     */
    @Operation(summary = "Upload a record", description = "Adds a file (up to 50 MB, multipart part `file`) with its category and optional date of service. Its type is detected from its bytes; programs, scripts, macros and active PDFs are refused (400). A ZIP archive is unpacked into one record per file it holds, each screened on its own, and the answer is the array of those records. An account may have three uploads under way at once (429) and a case's records have a size limit (413).")
    @ApiErrors({400, 403, 404, 409, 413, 415, 429})
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> upload(AccessScope scope, @PathVariable String caseId,
            @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
            @RequestParam(name = "category", required = false) @Nullable String category,
            @RequestParam(name = "dateOfService", required = false) @Nullable String dateOfService)
            throws IOException {
        CaseId id = CaseId.parse(caseId);
        if (file == null) {
            throw new InvalidInputException("file", "File is required (a multipart part named \"file\")");
        }
        RecordManagement.Uploaded uploaded = records.uploadFiles(scope, id, category, file.getOriginalFilename(),
                file.getBytes(), dateOfService);
        List<MedicalRecord> made = uploaded.records();
        if (!uploaded.fromArchive()) {
            MedicalRecord record = made.getFirst();
            return ResponseEntity.created(URI.create("/api/v1/cases/" + id + "/records/" + record.id()))
                    .body(RecordResponse.of(record, List.of(), List.of(), List.of()));
        }
        // An archive: the records of the files it held.
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id + "/records"))
                .body(made.stream().map(r -> RecordResponse.of(r, List.of(), List.of(), List.of())).toList());
    }

    @Operation(summary = "List a case's records", description = "The records of the case, voided ones too (marked, with who voided them, when and why): category, date of service, description, origin (who issued it), detected type, size, SHA-256, malware scan state (`UNSCANNED` when no scanner is configured, `PENDING`, `CLEAN`, `INFECTED`: held back from everyone, `UNSCANNABLE`: too large for the scanner), whether it has a thumbnail, the actions the caller may take on it, and every change of its category and other details; file names and descriptions only for callers who may know who the patient is.")
    @ApiErrors({404})
    @GetMapping
    List<RecordResponse> list(AccessScope scope, @PathVariable String caseId) {
        RecordList list = records.list(scope, CaseId.parse(caseId));
        return list.records().stream().map(r -> RecordResponse.of(list, r)).toList();
    }

    @Operation(summary = "Search a case's records", description = "The case's records whose text (extracted from PDF, Word, OpenDocument, RTF and text files after upload) holds the words of `q` (words, \"a phrase\", -excluded, or), best first, at most 50, each with a passage around the words found. For those who may read the records' content. Voided records are left out. Audited as a read.")
    @ApiErrors({400, 403, 404})
    @GetMapping("/search")
    List<MatchResponse> search(AccessScope scope, @PathVariable String caseId,
            @RequestParam(name = "q", required = false) @Nullable String q) {
        return records.search(scope, CaseId.parse(caseId), q).stream()
                .map(m -> new MatchResponse(RecordResponse.of(m.record(), List.of(), List.of(), List.of()),
                        m.snippet()))
                .toList();
    }

    /** Changes the record's details; every change is kept in its {@code categoryChanges} or {@code detailChanges}. */
    @Operation(summary = "Edit a record's details", description = "Whoever added the record, or the case's coordinator, changes its `category`, `dateOfService` (YYYY-MM-DD), `description` (at most 2,000 characters) or `origin` (who issued it, at most 200), while records can be added (draft, submitted, collecting records). A field left out stays as it is; an empty string empties it (but the category). The old values stay in the record's `categoryChanges` and `detailChanges`, with who changed them and when. A voided record cannot be edited (409).")
    @ApiErrors({400, 403, 404, 409})
    @PatchMapping("/{recordId}")
    RecordResponse edit(AccessScope scope, @PathVariable String caseId, @PathVariable String recordId,
            @RequestBody EditRequest request) {
        RecordManagement.Edited edited = records.edit(scope, CaseId.parse(caseId), RecordId.parse(recordId),
                new RecordManagement.RecordEdit(request.category(), request.dateOfService(), request.description(),
                        request.origin()));
        return RecordResponse.of(edited.record(), List.of(), edited.categoryChanges(), edited.detailChanges());
    }

    @Operation(summary = "Void a record", description = "Whoever added the record, or the case's coordinator, voids it with a `reason` (required, at most 500 characters), while records can be added. Nothing is deleted: the record stays listed, marked voided with who, when and why; its content is then served to the case's coordinator alone (409 for others), it leaves search results and no longer counts against the case's storage. Audited.")
    @ApiErrors({400, 403, 404, 409})
    @PostMapping("/{recordId}/void")
    RecordResponse voidRecord(AccessScope scope, @PathVariable String caseId, @PathVariable String recordId,
            @RequestBody VoidRequest request) {
        MedicalRecord voided = records.voidRecord(scope, CaseId.parse(caseId), RecordId.parse(recordId),
                request.reason());
        return RecordResponse.of(voided, List.of(), List.of(), List.of());
    }

    @Operation(summary = "A record's thumbnail", description = "A PNG of at most 256 pixels a side of the record's first page (PDF) or image (JPEG, PNG, GIF, BMP), made after upload; 404 when there is none (another type, or a file that could not be drawn). Same access as the content, audited, `Cache-Control: private`.")
    @ApiErrors({403, 404, 409})
    @GetMapping("/{recordId}/thumbnail")
    ResponseEntity<byte[]> thumbnail(AccessScope scope, @PathVariable String caseId, @PathVariable String recordId) {
        return thumbnailResponse(records.thumbnail(scope, CaseId.parse(caseId), RecordId.parse(recordId)));
    }

    /** The thumbnail's PNG, kept by the browser for the page's life but never by a shared cache. */
    static ResponseEntity<byte[]> thumbnailResponse(RecordManagement.Thumbnail thumbnail) {
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=300")
                .header("X-Content-Type-Options", "nosniff")
                .body(thumbnail.png());
    }

    @Operation(summary = "Download a record", description = "The record's bytes, as an attachment of its detected type, never cached; for the patient, the case's coordinator and the reviewing specialist. Takes a Range header (bytes=from-to, one or several): the answer is 206 with only those bytes, decrypted from the 1 MiB segments they lie in; a range past the end, malformed or in another unit is 416, with no body. Every download, whole or in part, is audited.")
    @ApiErrors({403, 404})
    @GetMapping("/{recordId}/content")
    ResponseEntity<Resource> content(AccessScope scope, @PathVariable String caseId, @PathVariable String recordId,
            @RequestHeader(value = HttpHeaders.RANGE, required = false) @Nullable String range) {
        return contentResponse(records.download(scope, CaseId.parse(caseId), RecordId.parse(recordId)), range);
    }

    /**
     * Always a download with the detected type, never rendered inline by the browser, never cached; streamed, and
     * answering a Range header with only the bytes asked for (Spring answers 206, or 416, from the resource).
     */
    static ResponseEntity<Resource> contentResponse(RecordDownload download, @Nullable String range) {
        Resource content = resource(download);
        if (range != null && !satisfiable(range, content)) {
            // Answered here with no body: Spring's own answer to such a range is a 416 that still sends the whole.
            return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                    .header(HttpHeaders.CONTENT_RANGE, "bytes */" + download.size())
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .build();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(download.record().contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(download.record().filename(), java.nio.charset.StandardCharsets.UTF_8)
                        .build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .header("X-Content-Type-Options", "nosniff")
                .body(content);
    }

    /**
     * A PDF or an image shown inline by the browser, as the app's viewer frames it (the download was asked for
     * {@link FileTypes#viewable} types only). No Range is taken, so the browser's viewer reads it whole, in one
     * audited read.
     */
    static ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> inlineResponse(
            RecordDownload download) {
        // A stream, not a resource: Spring would answer a Range on a resource, and advertise that it does.
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(download.record().contentType()))
                .contentLength(download.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(download.record().filename(), java.nio.charset.StandardCharsets.UTF_8)
                        .build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .header("X-Content-Type-Options", "nosniff")
                .body(out -> {
                    try (InputStream in = download.open().get()) {
                        in.transferTo(out);
                    }
                });
    }

    private static Resource resource(RecordDownload download) {
        return new AbstractResource() {
            @Override
            public String getDescription() {
                return "record " + download.record().id();
            }

            @Override
            public long contentLength() {
                return download.size();
            }

            @Override
            public InputStream getInputStream() {
                return download.open().get();
            }
        };
    }

    /** Whether the Range header names byte ranges this content has (Spring's own rules: at most 100, within it). */
    private static boolean satisfiable(String range, Resource content) {
        try {
            HttpRange.toResourceRegions(HttpRange.parseRanges(range), content);
            return true;
        } catch (IllegalArgumentException unsatisfiable) {
            return false;
        }
    }
}
