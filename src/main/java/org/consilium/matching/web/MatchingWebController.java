package org.consilium.matching.web;

import org.consilium.identity.AccessScope;
import org.consilium.identity.GrantReason;
import org.consilium.identity.Role;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseStatus;
import org.consilium.intake.SecondOpinionCase;
import org.consilium.matching.MatchingManagement;
import org.consilium.matching.SpecialistId;
import org.consilium.platform.PageActions;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.Specialty;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The matching panel of the case page: offer to a specialist, or answer an offer. */
@Controller
class MatchingWebController {

    private final MatchingManagement matching;
    private final CaseManagement cases;

    MatchingWebController(MatchingManagement matching, CaseManagement cases) {
        this.matching = matching;
        this.cases = cases;
    }

    @GetMapping("/cases/{id}/matching-panel")
    String panel(AccessScope scope, @PathVariable String id, Model model) {
        CaseId caseId = CaseId.parse(id);
        SecondOpinionCase c = cases.find(scope, caseId);
        boolean caseCoordinator = scope.actor().is(Role.COORDINATOR)
                && scope.holds(caseId, GrantReason.COORDINATOR);
        boolean canOffer = caseCoordinator && c.status() == CaseStatus.READY_FOR_MATCHING;
        model.addAttribute("caseId", caseId);
        model.addAttribute("canOffer", canOffer);
        model.addAttribute("canAnswer", scope.actor().is(Role.SPECIALIST) && c.status() == CaseStatus.OFFERED
                && c.specialistId().map(scope.actor().id()::equals).orElse(false));
        model.addAttribute("offers", caseCoordinator ? matching.offers(scope, caseId) : java.util.List.of());
        if (canOffer) {
            Specialty specialty = c.details().specialty();
            model.addAttribute("specialties", Specialty.values());
            model.addAttribute("specialty", specialty);
            model.addAttribute("specialists", matching.directory(specialty));
        }
        return "matching/panel :: panel";
    }

    /** The specialist choices for a specialty, swapped into the offer form. */
    @GetMapping("/cases/{id}/specialist-options")
    String options(AccessScope scope, @PathVariable String id,
            @RequestParam(required = false) @Nullable String specialty, Model model) {
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
                "You declined the case; it goes back to the coordinator.",
                () -> matching.decline(scope, caseId, reason));
    }
}
