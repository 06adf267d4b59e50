package org.consilium.records.web;

import java.util.Map;
import org.consilium.identity.AccessScope;
import org.consilium.platform.PageActions;
import org.consilium.records.RecordChecklists;
import org.consilium.shared.CaseId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The waive and withdraw forms of the case page's records checklist. */
@Controller
class ChecklistWebController {

    private final RecordChecklists checklists;

    ChecklistWebController(RecordChecklists checklists) {
        this.checklists = checklists;
    }

    @PostMapping("/cases/{id}/checklist/{itemKey}/waiver")
    String waive(AccessScope scope, @PathVariable String id, @PathVariable String itemKey,
            @RequestParam(required = false) @Nullable String reason, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        return PageActions.run(redirect, "/cases/" + caseId + "#checklist", "/cases/" + caseId,
                "The item is waived; the patient sees your reason.",
                Map.of("reason", ChecklistPanel.reasonInput(itemKey)),
                () -> checklists.waive(scope, caseId, itemKey, reason));
    }

    @PostMapping("/cases/{id}/checklist/{itemKey}/waiver/withdrawal")
    String withdraw(AccessScope scope, @PathVariable String id, @PathVariable String itemKey,
            RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        return PageActions.run(redirect, "/cases/" + caseId + "#checklist",
                "The waiver is withdrawn; the item is needed again.",
                () -> checklists.withdrawWaiver(scope, caseId, itemKey));
    }
}
