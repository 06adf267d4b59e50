package org.consilium.records.web;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.consilium.identity.AccessScope;
import org.consilium.records.MedicalRecord;
import org.consilium.records.RecordContent;
import org.consilium.records.RecordId;
import org.consilium.records.RecordManagement;
import org.consilium.shared.CaseId;
import org.consilium.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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

    record RecordResponse(String id, String caseId, String category, String source, String filename,
            String contentType, long size, String sha256, @Nullable LocalDate dateOfService, Instant uploadedAt) {

        static RecordResponse of(MedicalRecord r) {
            return new RecordResponse(r.id().toString(), r.caseId().toString(), r.category().name(),
                    r.source().name(), r.filename(), r.contentType(), r.size(), r.sha256(), r.dateOfService(),
                    r.uploadedAt());
        }
    }

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
                .body(RecordResponse.of(record));
    }

    @GetMapping
    List<RecordResponse> list(AccessScope scope, @PathVariable String caseId) {
        return records.list(scope, CaseId.parse(caseId)).records().stream().map(RecordResponse::of).toList();
    }

    @GetMapping("/{recordId}/content")
    ResponseEntity<byte[]> content(AccessScope scope, @PathVariable String caseId, @PathVariable String recordId) {
        RecordContent content = records.content(scope, CaseId.parse(caseId), RecordId.parse(recordId));
        return contentResponse(content);
    }

    /** Always a download with the detected type, never rendered inline by the browser, never cached. */
    static ResponseEntity<byte[]> contentResponse(RecordContent content) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(content.record().contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(content.record().filename(), java.nio.charset.StandardCharsets.UTF_8)
                        .build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .body(content.bytes());
    }
}
