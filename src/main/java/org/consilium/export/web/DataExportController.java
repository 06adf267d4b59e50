package org.consilium.export.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.consilium.export.DataExport;
import org.consilium.identity.AccessScope;
import org.consilium.shared.ApiErrors;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The right of access in the API: all of a person's data as one zip. */
@RestController
class DataExportController {

    private final DataExport export;

    DataExportController(DataExport export) {
        this.export = export;
    }

    @Operation(summary = "Download all your data", description = "The right of access: one zip with profile.json and, for each case you opened, case.json (details and questions), timeline.json, records.json with every record's content under records/, opinion.json once signed, and access-log.json; manifest.json, last, lists every other file with its size and SHA-256. Cases others let you into are theirs and are not included. Needs an authentication at most 5 minutes old (step-up); audited.",
            responses = @ApiResponse(responseCode = "200", description = "The zip.",
                    content = @Content(mediaType = "application/zip")))
    @ApiErrors(value = {}, stepUp = true)
    @GetMapping("/api/v1/me/export")
    void api(AccessScope scope, HttpServletResponse response) throws IOException {
        download(export, scope, response);
    }

    /**
     * Writes the zip, named for the day and never cached, on the request's own thread (the download carries its
     * caller's authentication; an asynchronous one would not). Everything that can refuse it is decided before the
     * first byte.
     */
    static void download(DataExport export, AccessScope scope, HttpServletResponse response) throws IOException {
        DataExport.Prepared prepared = export.prepare(scope);
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("consilium-data-" + LocalDate.now(ZoneOffset.UTC) + ".zip").build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        export.write(prepared, response.getOutputStream());
    }
}
