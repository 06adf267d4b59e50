package org.consilium.matching.web;

import java.util.Map;
import org.consilium.identity.AccessScope;
import org.consilium.intake.CaseAction;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import org.consilium.matching.MatchingManagement;
import org.consilium.matching.SpecialistId;
import org.consilium.platform.PageActions;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.consilium.shared.Specialty;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The matching forms of the case page: offer to a specialist, or answer an offer. */
@Controller
class MatchingWebController {

    private final MatchingManagement matching;
    private final CaseManagement cases;

    MatchingWebController(MatchingManagement matching, CaseManagement cases) {
        this.matching = matching;
        this.cases = cases;
    }

    /** The specialist choices for a specialty, swapped into the offer form. */
    @GetMapping("/cases/{id}/specialist-options")
    String options(AccessScope scope, @PathVariable String id,
            @RequestParam(required = false) @Nullable String specialty, Model model) {
        CaseId caseId = CaseId.parse(id);
        CaseView c = cases.access(scope, caseId, "choose a specialist");
        cases.enforce(scope, caseId, "choose a specialist", c.decide(CaseAction.OFFER));
        Check check = new Check();
        Specialty filter = check.oneOf("specialty", specialty, Specialty.class, false);
        check.orThrow();
        model.addAttribute("specialists", matching.directory(filter));
        return "matching/panel :: options";
    }

    @PostMapping("/cases/{id}/offers")
    String offer(AccessScope scope, @PathVariable String id,
            @RequestParam(required = false) @Nullable String specialistId, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        return PageActions.run(redirect, "/cases/" + caseId, "The case is offered; the specialist has been asked.",
                Map.of("specialistId", "specialistId"),
                () -> matching.offer(scope, caseId, SpecialistId.fromInput(specialistId)));
    }

    @PostMapping("/cases/{id}/accept")
    String accept(AccessScope scope, @PathVariable String id, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        return PageActions.run(redirect, "/cases/" + caseId,
                "You accepted the case. The records are open to you and the opinion is yours to write.",
                () -> matching.accept(scope, caseId));
    }

    @PostMapping("/cases/{id}/decline")
    String decline(AccessScope scope, @PathVariable String id, @RequestParam(required = false) @Nullable String reason,
            RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        return PageActions.run(redirect, "/cases", "/cases/" + caseId,
                "You declined the case; it goes back to the coordinator.", Map.of("reason", "offer-decline-reason"),
                () -> matching.decline(scope, caseId, reason));
    }
}
