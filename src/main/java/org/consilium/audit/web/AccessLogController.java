package org.consilium.audit.web;

import org.consilium.audit.AuditTrail;
import org.consilium.identity.AccessScope;
import org.consilium.shared.CaseId;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The patient's view of who looked at their case: a page, and the same list over the API. */
@Controller
class AccessLogController {

    private final AuditTrail trail;

    AccessLogController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping("/cases/{id}/access-log")
    String page(AccessScope scope, @PathVariable String id, Model model) {
        CaseId caseId = CaseId.parse(id);
        model.addAttribute("caseId", caseId);
        model.addAttribute("visits", trail.accessLog(scope, caseId));
        return "audit/access-log";
    }
}
