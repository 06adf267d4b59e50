package org.consilium.audit.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.consilium.audit.AuditTrail;
import org.consilium.audit.CaseAccess;
import org.consilium.identity.AccessScope;
import org.consilium.intake.CaseManagement;
import org.consilium.records.MedicalRecord;
import org.consilium.records.RecordManagement;
import org.consilium.shared.CaseId;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The patient's view of who looked at their case: a page, and the same list over the API. */
@Controller
class AccessLogController {

    private final AuditTrail trail;
    private final CaseManagement cases;
    private final RecordManagement records;

    AccessLogController(AuditTrail trail, CaseManagement cases, RecordManagement records) {
        this.trail = trail;
        this.cases = cases;
        this.records = records;
    }

    /**
     * The visits, with what each visitor saw in words and files by their names, read in one transaction. The access
     * log refuses anyone but the patient before the records' names are read.
     */
    @GetMapping("/cases/{id}/access-log")
    String page(AccessScope scope, @PathVariable String id, Model model) {
        CaseId caseId = CaseId.parse(id);
        List<CaseAccess> visits = cases.inOneRead(() -> {
            List<CaseAccess> log = trail.accessLog(scope, caseId);
            Map<String, String> fileNames = records.list(scope, caseId).records().stream()
                    .collect(Collectors.toMap(r -> r.id().toString(), MedicalRecord::filename));
            return log.stream().map(visit -> new CaseAccess(visit.at(), visit.who(), visit.role(), visit.letIn(),
                    visit.emergency(),
                    visit.what().stream().map(detail -> SeenWords.of(detail, fileNames)).toList())).toList();
        });
        model.addAttribute("caseId", caseId);
        model.addAttribute("visits", visits);
        return "audit/access-log";
    }
}
