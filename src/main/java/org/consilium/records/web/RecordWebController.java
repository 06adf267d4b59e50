package org.consilium.records.web;

import java.io.IOException;
import java.util.Map;
import org.consilium.identity.AccessScope;
import org.consilium.platform.PageActions;
import org.consilium.records.RecordId;
import org.consilium.records.RecordManagement;
import org.consilium.shared.CaseId;
import org.consilium.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The forms of the case page's records panel (upload, edit, void), downloads, thumbnails and the search page. */
@Controller
class RecordWebController {

    private final RecordManagement records;

    RecordWebController(RecordManagement records) {
        this.records = records;
    }

    @PostMapping("/cases/{id}/records")
    String upload(AccessScope scope, @PathVariable String id,
            @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
            @RequestParam(required = false) @Nullable String category,
            @RequestParam(required = false) @Nullable String dateOfService, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        // On a refusal, back to the top of the page, where the summary of the problems takes the focus.
        return PageActions.run(redirect, "/cases/" + caseId + "#records", "/cases/" + caseId,
                "The file is added to the case.",
                Map.of("file", "record-file", "category", "record-category", "dateOfService", "record-date"), () -> {
            if (file == null || file.isEmpty() && (file.getOriginalFilename() == null
                    || file.getOriginalFilename().isBlank())) {
                throw new InvalidInputException("file", "choose a file to upload");
            }
            // In the browser the form's CSRF check has read the parts already; the slot still caps how many uploads
            // one account has in the works at once.
            try (RecordManagement.UploadSlot slot = records.startUpload(scope)) {
                records.upload(scope, caseId, category, file.getOriginalFilename(), file.getBytes(), dateOfService);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @PostMapping("/cases/{id}/records/{recordId}/category")
    String recategorise(AccessScope scope, @PathVariable String id, @PathVariable String recordId,
            @RequestParam(required = false) @Nullable String category, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        RecordId record = RecordId.parse(recordId);
        return PageActions.run(redirect, "/cases/" + caseId + "#records", "The record's category is changed; the "
                + "list keeps what it was.", () -> records.edit(scope, caseId, record,
                RecordManagement.RecordEdit.category(category)));
    }

    /** The edit form posts every detail: one left as it was makes no change, an emptied one is emptied. */
    @PostMapping("/cases/{id}/records/{recordId}/details")
    String edit(AccessScope scope, @PathVariable String id, @PathVariable String recordId,
            @RequestParam(required = false) @Nullable String category,
            @RequestParam(required = false) @Nullable String dateOfService,
            @RequestParam(required = false) @Nullable String description,
            @RequestParam(required = false) @Nullable String origin, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        RecordId record = RecordId.parse(recordId);
        return PageActions.run(redirect, "/cases/" + caseId + "#record-" + record, "/cases/" + caseId + "#records",
                "The record's details are saved; the list keeps what they were.",
                Map.of("category", "details-category-" + record, "dateOfService", "details-date-" + record,
                        "description", "details-description-" + record, "origin", "details-origin-" + record),
                () -> records.edit(scope, caseId, record, new RecordManagement.RecordEdit(category,
                        dateOfService == null ? "" : dateOfService, description == null ? "" : description,
                        origin == null ? "" : origin)));
    }

    @PostMapping("/cases/{id}/records/{recordId}/void")
    String voidRecord(AccessScope scope, @PathVariable String id, @PathVariable String recordId,
            @RequestParam(required = false) @Nullable String reason, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        RecordId record = RecordId.parse(recordId);
        return PageActions.run(redirect, "/cases/" + caseId + "#record-" + record, "/cases/" + caseId + "#records",
                "The record is voided. It stays listed, marked voided, with your reason.",
                Map.of("reason", "void-reason-" + record),
                () -> records.voidRecord(scope, caseId, record, reason));
    }

    @GetMapping("/cases/{id}/records/{recordId}/thumbnail")
    ResponseEntity<byte[]> thumbnail(AccessScope scope, @PathVariable String id, @PathVariable String recordId) {
        return RecordApiController.thumbnailResponse(records.thumbnail(scope, CaseId.parse(id),
                RecordId.parse(recordId)));
    }

    /** The records whose text holds the words searched for, on a page of its own: one audited read. */
    @GetMapping("/cases/{id}/records/search")
    String search(AccessScope scope, @PathVariable String id, @RequestParam(required = false) @Nullable String q,
            Model model) {
        CaseId caseId = CaseId.parse(id);
        model.addAttribute("caseId", caseId);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("matches", records.search(scope, caseId, q));
        return "records/search";
    }

    /**
     * A PDF or an image, for the app's own viewer to frame on the case page: shown inline, never cached, framed only
     * by the app's pages (the security headers of {@code SecurityHeaders.FRAMED_CONTENT}). Audited as every read of a
     * record's content is; it takes no Range, so one view is one read.
     */
    @GetMapping("/cases/{id}/records/{recordId}/inline")
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> inline(AccessScope scope, @PathVariable String id,
            @PathVariable String recordId) {
        return RecordApiController.inlineResponse(records.download(scope, CaseId.parse(id),
                RecordId.parse(recordId), FileTypes::viewable));
    }

    @GetMapping("/cases/{id}/records/{recordId}/content")
    ResponseEntity<org.springframework.core.io.Resource> content(AccessScope scope, @PathVariable String id,
            @PathVariable String recordId,
            @org.springframework.web.bind.annotation.RequestHeader(value = "Range", required = false)
            @org.jspecify.annotations.Nullable String range) {
        return RecordApiController.contentResponse(records.download(scope, CaseId.parse(id),
                RecordId.parse(recordId)), range);
    }
}
