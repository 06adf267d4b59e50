package org.consilium.intake.web;

import org.consilium.identity.AccessScope;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import jakarta.servlet.http.HttpServletRequest;
import org.consilium.platform.PendingForms;
import org.consilium.shared.FormErrors;
import org.consilium.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Emergency access, for medical directors and administrators: a page to open a case by its reference with a reason,
 * and the review of every emergency access.
 */
@Controller
class BreakGlassController {

    private final CaseManagement cases;
    private final PendingForms pendingForms;

    BreakGlassController(CaseManagement cases, PendingForms pendingForms) {
        this.cases = cases;
        this.pendingForms = pendingForms;
    }

    @GetMapping("/break-glass")
    String page(AccessScope scope, Model model, HttpServletRequest request) {
        // What was typed before confirming who they are (or signing in again) is shown again.
        pendingForms.take(request, scope.actor().id()).ifPresent(typed -> {
            model.addAttribute("reference", typed.get("reference"));
            model.addAttribute("reason", typed.get("reason"));
        });
        return page(scope, model);
    }

    private String page(AccessScope scope, Model model) {
        model.addAttribute("accesses", cases.emergencyAccesses(scope));
        model.addAttribute("minutes", cases.breakGlassLifetime().toMinutes());
        return "cases/break-glass";
    }

    @PostMapping("/break-glass")
    String open(AccessScope scope, @RequestParam(required = false) @Nullable String reference,
            @RequestParam(required = false) @Nullable String reason, Model model, RedirectAttributes redirect) {
        CaseView opened;
        try {
            opened = cases.breakGlass(scope, reference, reason);
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> "break-glass-" + field));
            model.addAttribute("reference", reference);
            model.addAttribute("reason", reason);
            return page(scope, model);
        }
        redirect.addFlashAttribute("notice", "You opened this case by emergency access, read-only, for "
                + cases.breakGlassLifetime().toMinutes() + " minutes. The patient and the medical directors can see "
                + "that you did, and why.");
        return "redirect:/cases/" + opened.id();
    }
}
