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

    record RecordResponse(String id, String caseId, String category, String source, String filename,
            String contentType, long size, String sha256, @Nullable LocalDate dateOfService, Instant uploadedAt,
            List<CategoryChangeResponse> categoryChanges) {

        static RecordResponse of(MedicalRecord r, List<CategoryChange> changes) {
            return new RecordResponse(r.id().toString(), r.caseId().toString(), r.category().name(),
                    r.source().name(), r.filename(), r.contentType(), r.size(), r.sha256(), r.dateOfService(),
                    r.uploadedAt(), changes.stream().map(CategoryChangeResponse::of).toList());
        }
    }

    record RecategoriseRequest(@Nullable String category) {
    }

    /**
     * The parts are parsed lazily, while this method's arguments are resolved: after {@link ApiUploadSlots} took the
     * caller's upload slot, and before the upload's transactions.
     */
    @Operation(summary = "Upload a record", description = "Adds a file (up to 50 MB, multipart part `file`) with its category and optional date of service. Its type is detected from its bytes; programs, scripts, macros and active PDFs are refused (400). An account may have three uploads under way at once (429) and a case may hold 2 GB (413).")
    @ApiErrors({400, 403, 404, 409, 413, 415, 429})
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<RecordResponse> upload(AccessScope scope, @PathVariable String caseId,
            @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
            @RequestParam(name = "category", required = false) @Nullable String category,
            @RequestParam(name = "dateOfService", required = false) @Nullable String dateOfService)
            throws IOException {
        CaseId id = CaseId.parse(caseId);
        if (file == null) {
            throw new InvalidInputException("file", "File is required (a multipart part named \"file\")");
        }
        MedicalRecord record = records.upload(scope, id, category, file.getOriginalFilename(), file.getBytes(),
                dateOfService);
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id + "/records/" + record.id()))
                .body(RecordResponse.of(record, List.of()));
    }

    @Operation(summary = "List a case's records", description = "The records of the case: category, date of service, detected type, size and SHA-256, and every change of category; file names only for callers who may know who the patient is.")
    @ApiErrors({404})
    @GetMapping
    List<RecordResponse> list(AccessScope scope, @PathVariable String caseId) {
        RecordList list = records.list(scope, CaseId.parse(caseId));
        return list.records().stream().map(r -> RecordResponse.of(r, list.changesOf(r.id()))).toList();
    }

    /** Gives the record another category; the change is kept in its {@code categoryChanges}. */
    @Operation(summary = "Change a record's category", description = "The patient or the case's coordinator refiles a record under another category, while records can be added (draft, submitted, collecting records). The old category stays in the record's `categoryChanges`, with who changed it and when.")
    @ApiErrors({400, 403, 404, 409})
    @PatchMapping("/{recordId}")
    RecordResponse recategorise(AccessScope scope, @PathVariable String caseId, @PathVariable String recordId,
            @RequestBody RecategoriseRequest request) {
        RecordManagement.Recategorised changed = records.recategorise(scope, CaseId.parse(caseId),
                RecordId.parse(recordId), request.category());
        return RecordResponse.of(changed.record(), changed.categoryChanges());
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
