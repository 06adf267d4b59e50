package org.consilium.records.web;

import java.time.Instant;
import java.util.List;
import io.swagger.v3.oas.annotations.Operation;
import org.consilium.identity.AccessScope;
import org.consilium.records.Checklist;
import org.consilium.records.ChecklistWaiver;
import org.consilium.records.RecordChecklists;
import org.consilium.records.RecordChecklists.ChecklistView;
import org.consilium.shared.ApiErrors;
import org.consilium.shared.CaseId;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A case's records checklist over JSON: what the specialist needs, and the coordinator's waivers. */
@RestController
@RequestMapping("/api/v1/cases/{caseId}/checklist")
class ChecklistApiController {

    private final RecordChecklists checklists;

    ChecklistApiController(RecordChecklists checklists) {
        this.checklists = checklists;
    }

    /** A waiver: who gave it (name and role), when, and why; for a withdrawn one, who withdrew it and when. */
    record WaiverResponse(String by, String role, Instant at, String reason, @Nullable String withdrawnBy,
            @Nullable String withdrawnByRole, @Nullable Instant withdrawnAt) {

        static WaiverResponse of(ChecklistWaiver w, ChecklistView view) {
            return new WaiverResponse(view.nameOf(w.waivedBy()), w.waivedByRole().name(), w.waivedAt(), w.reason(),
                    w.withdrawnBy() == null ? null : view.nameOf(w.withdrawnBy()),
                    w.withdrawnByRole() == null ? null : w.withdrawnByRole().name(), w.withdrawnAt());
        }
    }

    record ItemResponse(String key, String label, String patientLabel, List<String> categories, String status,
            List<String> satisfiedBy, @Nullable WaiverResponse waiver, List<WaiverResponse> withdrawnWaivers) {

        static ItemResponse of(Checklist.Item item, ChecklistView view) {
            return new ItemResponse(item.key(), item.template().specialistWords(), item.template().patientWords(),
                    item.template().categoryList().stream().map(Enum::name).toList(), item.status().name(),
                    item.satisfiedBy().stream().map(Object::toString).toList(),
                    item.waiver() == null ? null : WaiverResponse.of(item.waiver(), view),
                    item.withdrawnWaivers().stream().map(w -> WaiverResponse.of(w, view)).toList());
        }
    }

    record ChecklistResponse(String checklist, String condition, boolean complete, List<ItemResponse> items,
            List<String> allowedActions) {

        static ChecklistResponse of(ChecklistView view) {
            Checklist c = view.checklist();
            return new ChecklistResponse(c.key(), c.conditionName(), c.complete(),
                    c.items().stream().map(i -> ItemResponse.of(i, view)).toList(), view.allowedActions());
        }
    }

    record WaiverRequest(@Nullable String reason) {
    }

    @Operation(summary = "Read a case's records checklist", description = "What the specialist needs for the case's condition and specialty, item by item: `SATISFIED` by a record of one of the item's categories that is not voided (`satisfiedBy` lists them), `WAIVED` by the case's coordinator with a reason, or `NEEDED`. The checklist is chosen from the case's ICD-10 code, then its cancer type, then its diagnosis, else the general one. For the patient, those they let in, the case's coordinator and the reviewing specialist; audited.")
    @ApiErrors({403, 404})
    @GetMapping
    ChecklistResponse checklist(AccessScope scope, @PathVariable String caseId) {
        return ChecklistResponse.of(checklists.checklist(scope, CaseId.parse(caseId)));
    }

    @Operation(summary = "Waive a checklist item", description = "The case's coordinator says the specialist can do without an item, with a `reason` the patient reads (required, up to 2000 characters), while the case is collecting records. An item already waived is a 409: withdraw its waiver first. Audited (ChecklistItemWaived). Answers the checklist.")
    @ApiErrors({400, 403, 404, 409})
    @PostMapping("/{itemKey}/waiver")
    ChecklistResponse waive(AccessScope scope, @PathVariable String caseId, @PathVariable String itemKey,
            @RequestBody(required = false) @Nullable WaiverRequest request) {
        return ChecklistResponse.of(checklists.waive(scope, CaseId.parse(caseId), itemKey,
                request == null ? null : request.reason()));
    }

    @Operation(summary = "Withdraw a checklist waiver", description = "The case's coordinator withdraws the waiver of an item, which is needed again; the waiver stays in the item's `withdrawnWaivers`. While the case is collecting records; an item not waived is a 409. Audited (ChecklistWaiverWithdrawn). Answers the checklist.")
    @ApiErrors({403, 404, 409})
    @PostMapping("/{itemKey}/waiver/withdrawal")
    ChecklistResponse withdraw(AccessScope scope, @PathVariable String caseId, @PathVariable String itemKey) {
        return ChecklistResponse.of(checklists.withdrawWaiver(scope, CaseId.parse(caseId), itemKey));
    }
}
