package org.consilium.intake.web;

import java.util.List;
import org.consilium.identity.AccessScope;
import org.consilium.identity.DelegateRight;
import org.consilium.identity.DelegationId;
import org.consilium.identity.Delegations;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import org.consilium.platform.PageActions;
import org.consilium.platform.PendingForms;
import jakarta.servlet.http.HttpServletRequest;
import org.consilium.shared.CaseId;
import org.consilium.shared.FormErrors;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.TooManyUnderWayException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The patient's page of the people they let into a case, where they invite more and end access. */
@Controller
class DelegateWebController {

    private final CaseManagement cases;
    private final PendingForms pendingForms;

    DelegateWebController(CaseManagement cases, PendingForms pendingForms) {
        this.cases = cases;
        this.pendingForms = pendingForms;
    }

    @GetMapping("/cases/{id}/people")
    String page(AccessScope scope, @PathVariable String id, Model model, HttpServletRequest request) {
        // What was typed before confirming who they are (or signing in again) is shown again.
        pendingForms.take(request, scope.actor().id()).ifPresent(typed -> model.addAttribute("typed",
                new Typed(typed.get("email"), typed.get("displayName"), typed.get("kind"),
                        typed.containsKey("rights") ? List.of(typed.get("rights").split("\n")) : List.of())));
        return page(scope, id, model);
    }

    private String page(AccessScope scope, String id, Model model) {
        CaseId caseId = CaseId.parse(id);
        CaseView c = cases.access(scope, caseId, "list delegates");
        model.addAttribute("c", c);
        model.addAttribute("delegates", cases.delegates(scope, caseId));
        model.addAttribute("kinds", Delegations.Kind.values());
        model.addAttribute("rights", List.of(DelegateRight.UPLOAD_RECORDS, DelegateRight.READ_REPORT,
                DelegateRight.MESSAGE, DelegateRight.WITHDRAW));
        model.addAttribute("mayInvite", c.decide(org.consilium.intake.CaseAction.INVITE_DELEGATE).isAllowed());
        return "cases/people";
    }

    @PostMapping("/cases/{id}/people")
    String invite(AccessScope scope, @PathVariable String id, @RequestParam(required = false) @Nullable String email,
            @RequestParam(required = false) @Nullable String displayName,
            @RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable List<String> rights, Model model, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        try {
            cases.inviteDelegate(scope, caseId, Delegations.Invitation.parse(email, displayName, kind, rights));
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> "delegate-" + field));
            model.addAttribute("typed", new Typed(email, displayName, kind, rights == null ? List.of() : rights));
            return page(scope, id, model);
        } catch (TooManyUnderWayException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.about(FormErrors.sentence(e.reason()), "delegate-email"));
            model.addAttribute("typed", new Typed(email, displayName, kind, rights == null ? List.of() : rights));
            return page(scope, id, model);
        }
        redirect.addFlashAttribute("notice", "We mailed " + email.strip() + " an invitation to follow your case. "
                + "You can end their access here at any time.");
        return "redirect:/cases/" + caseId + "/people";
    }

    /** What was typed into the invitation form, shown again with its problems. */
    record Typed(@Nullable String email, @Nullable String displayName, @Nullable String kind, List<String> rights) {
    }

    @PostMapping("/cases/{id}/people/{delegateId}/revocation")
    String revoke(AccessScope scope, @PathVariable String id, @PathVariable String delegateId,
            RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        // A refusal goes back to the case, which anyone refused here may still see; the list may not be theirs.
        return PageActions.run(redirect, "/cases/" + caseId + "/people", "/cases/" + caseId,
                "Their access has ended; they can no longer open your case.",
                () -> cases.revokeDelegate(scope, caseId, DelegationId.parse(delegateId)));
    }
}
