package org.consilium.records.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.consilium.identity.AccessScope;
import org.consilium.records.RecordManagement;
import org.consilium.records.ResumableUploads;
import org.consilium.records.ResumableUploads.Checksum;
import org.consilium.records.ResumableUploads.UploadStatus;
import org.consilium.shared.ApiErrors;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Resumable uploads over the tus 1.0 protocol (core, creation, creation-with-upload, termination, checksum with
 * SHA-256, expiration), at {@code /api/v1/uploads} for API clients and at {@code /uploads} for the app's own pages
 * (signed in, with the CSRF token in a header). Metadata keys: {@code caseId}, {@code category}, {@code filename},
 * {@code filetype} and optionally {@code dateOfService}.
 */
@RestController
@RequestMapping({"/api/v1/uploads", "/uploads"})
class UploadApiController {

    static final String TUS_VERSION = "1.0.0";
    static final String OFFSET_STREAM = "application/offset+octet-stream";
    private static final String EXTENSIONS = "creation,creation-with-upload,termination,checksum,expiration";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final ResumableUploads uploads;
    private final RecordManagement records;

    UploadApiController(ResumableUploads uploads, RecordManagement records) {
        this.uploads = uploads;
        this.records = records;
    }

    @Operation(summary = "What the upload server supports (tus)", description = "tus discovery: the protocol version, the extensions, the largest file and the checksum algorithm (sha256). No token needed.")
    @ApiErrors({429})
    @RequestMapping(method = RequestMethod.OPTIONS)
    ResponseEntity<Void> options() {
        return ResponseEntity.noContent()
                .header("Tus-Resumable", TUS_VERSION)
                .header("Tus-Version", TUS_VERSION)
                .header("Tus-Extension", EXTENSIONS)
                .header("Tus-Max-Size", Long.toString(uploads.maxFileSize()))
                .header("Tus-Checksum-Algorithm", "sha256")
                .build();
    }

    @Operation(summary = "Start a resumable upload (tus creation)", description = "Headers: `Tus-Resumable: 1.0.0`, `Upload-Length` (bytes, up to 10 GB), `Upload-Metadata` with `caseId`, `category`, `filename`, `filetype` and optionally `dateOfService` (each value base64). A body of type `application/offset+octet-stream` is the upload's first bytes (creation-with-upload). Answers 201 with the upload's `Location`. A case the caller cannot see is 404; a file over the limit or a case without room 413.")
    @ApiErrors({400, 404, 409, 412, 413, 429})
    @PostMapping
    ResponseEntity<Void> create(AccessScope scope, HttpServletRequest request,
            @RequestHeader(value = "Upload-Length", required = false) @Nullable String length,
            @RequestHeader(value = "Upload-Metadata", required = false) @Nullable String metadata,
            @RequestHeader(value = "Upload-Checksum", required = false) @Nullable String checksum)
            throws IOException, HttpMediaTypeNotSupportedException {
        ResponseEntity<Void> unsupported = unsupportedVersion(request);
        if (unsupported != null) {
            return unsupported;
        }
        if (request.getHeader("Upload-Defer-Length") != null) {
            throw new InvalidInputException("Upload-Length", "uploads of a length not known at the start are not "
                    + "supported; send Upload-Length");
        }
        long bytes = number("Upload-Length", length);
        UploadStatus status = uploads.create(scope, bytes, metadata(metadata));
        String location = request.getRequestURI().replaceAll("/+$", "") + "/" + status.id();
        if (request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            requireOffsetStream(request);
            try (RecordManagement.UploadSlot slot = records.startUpload(scope)) {
                status = uploads.append(scope, status.id(), 0, checksum == null ? null : Checksum.parse(checksum),
                        request.getInputStream());
            }
        }
        return headers(ResponseEntity.created(URI.create(location)), status).build();
    }

    @Operation(summary = "How far an upload got (tus)", description = "`Upload-Offset` is where to resume from; `Upload-Length` and `Upload-Expires` too. `Upload-State` says whether it is receiving, checking, stored (the record is in `Record-Id`) or refused.")
    @ApiErrors({404})
    @RequestMapping(path = "/{id}", method = RequestMethod.HEAD)
    ResponseEntity<Void> head(AccessScope scope, @PathVariable String id) {
        UploadStatus status = uploads.status(scope, uploadId(id));
        if (status.state() == ResumableUploads.State.ENDED || status.state() == ResumableUploads.State.EXPIRED) {
            // Its bytes are gone: a client must start again, as tus answers with 410.
            return ResponseEntity.status(HttpStatus.GONE).header("Tus-Resumable", TUS_VERSION)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        return headers(ResponseEntity.ok(), status).build();
    }

    /** An upload's state as JSON, with the refusal in words when it was refused. */
    @Operation(summary = "An upload's state", description = "The upload's file name, length, offset, state (RECEIVING, CHECKING, STORED, REFUSED, ENDED, EXPIRED), expiry, and the record it became or why it was refused.")
    @ApiErrors({404})
    @GetMapping("/{id}")
    ResponseEntity<UploadStatus> status(AccessScope scope, @PathVariable String id) {
        UploadStatus status = uploads.status(scope, uploadId(id));
        return headers(ResponseEntity.ok(), status).body(status);
    }

    @Operation(summary = "Send an upload's next bytes (tus)", description = "Body of type `application/offset+octet-stream` (else 415) from `Upload-Offset`, which must be the upload's offset (else 409). An optional `Upload-Checksum: sha256 <base64>` covers this request's bytes; a mismatch keeps none of them (460). A cut-off request keeps what came. When the last byte is in, the file is checked and stored: the answer's `Record-Id` names the record, or a 400 says why the file was refused.")
    @ApiErrors({400, 404, 409, 410, 413, 415, 423, 429})
    @PatchMapping("/{id}")
    ResponseEntity<Void> append(AccessScope scope, HttpServletRequest request, @PathVariable String id,
            @RequestHeader(value = "Upload-Offset", required = false) @Nullable String offset,
            @RequestHeader(value = "Upload-Checksum", required = false) @Nullable String checksum)
            throws IOException, HttpMediaTypeNotSupportedException {
        ResponseEntity<Void> unsupported = unsupportedVersion(request);
        if (unsupported != null) {
            return unsupported;
        }
        requireOffsetStream(request);
        long from = number("Upload-Offset", offset);
        UUID upload = uploadId(id);
        Checksum sum = checksum == null ? null : Checksum.parse(checksum);
        try (RecordManagement.UploadSlot slot = records.startUpload(scope)) {
            UploadStatus status = uploads.append(scope, upload, from, sum, request.getInputStream());
            return headers(ResponseEntity.status(HttpStatus.NO_CONTENT), status).build();
        }
    }

    @Operation(summary = "End an unfinished upload (tus termination)", description = "Its bytes are dropped; an upload that already became a record cannot be ended (409).")
    @ApiErrors({404, 409, 423})
    @DeleteMapping("/{id}")
    ResponseEntity<Void> terminate(AccessScope scope, HttpServletRequest request, @PathVariable String id) {
        ResponseEntity<Void> unsupported = unsupportedVersion(request);
        if (unsupported != null) {
            return unsupported;
        }
        uploads.terminate(scope, uploadId(id));
        return ResponseEntity.noContent().header("Tus-Resumable", TUS_VERSION).build();
    }

    private static ResponseEntity.BodyBuilder headers(ResponseEntity.BodyBuilder builder, UploadStatus status) {
        builder.header("Tus-Resumable", TUS_VERSION)
                .header("Upload-Offset", Long.toString(status.offset()))
                .header("Upload-Length", Long.toString(status.length()))
                .header("Upload-Expires", HTTP_DATE.format(status.expiresAt()))
                .header("Upload-State", status.state().name().toLowerCase(java.util.Locale.ROOT))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (status.recordId() != null) {
            builder.header("Record-Id", status.recordId().toString());
        }
        return builder;
    }

    /** A request of another protocol version is answered 412 with the version spoken here, as tus requires. */
    private static @Nullable ResponseEntity<Void> unsupportedVersion(HttpServletRequest request) {
        if (TUS_VERSION.equals(request.getHeader("Tus-Resumable"))) {
            return null;
        }
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).header("Tus-Version", TUS_VERSION).build();
    }

    /** A body of another type than tus's is answered 415. */
    private static void requireOffsetStream(HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
        String type = request.getContentType();
        if (type == null || !type.split(";")[0].trim().equalsIgnoreCase(OFFSET_STREAM)) {
            throw new HttpMediaTypeNotSupportedException(type == null ? null : MediaType.parseMediaType(type),
                    java.util.List.of(MediaType.parseMediaType(OFFSET_STREAM)), HttpMethod.PATCH);
        }
    }

    private static long number(String header, @Nullable String value) {
        if (value == null || !value.matches("[0-9]{1,19}")) {
            throw new InvalidInputException(header, header + " must be a whole number of bytes");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(header, header + " must be a whole number of bytes");
        }
    }

    private static UUID uploadId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("upload not found");
        }
    }

    /** tus metadata: comma-separated pairs of a key and the base64 of its value (or a key alone, for no value). */
    static Map<String, String> metadata(@Nullable String header) {
        Map<String, String> values = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return values;
        }
        for (String pair : header.split(",")) {
            String[] parts = pair.trim().split(" ", 2);
            String key = parts[0];
            if (key.isEmpty() || !key.matches("[!-~&&[^,]]+")) {
                throw new InvalidInputException("Upload-Metadata", "Upload-Metadata must be comma-separated pairs of "
                        + "a key and the base64 of its value");
            }
            try {
                values.put(key, parts.length == 1 ? "" : new String(Base64.getDecoder().decode(parts[1].trim()),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("Upload-Metadata", "the value of " + key + " in Upload-Metadata is not "
                        + "base64");
            }
        }
        return values;
    }
}
