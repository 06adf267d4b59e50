package org.consilium.identity.web;

import org.consilium.identity.AccessScope;
import org.consilium.identity.StaffAdministration;
import org.consilium.shared.DomainException;
import org.consilium.shared.FormErrors;
import org.consilium.shared.Ids;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/accounts}, for administrators: the staff accounts with their state, the invitation form, and each
 * account's role, suspension and reactivation. A refusal (the last administrator, one's own account) is said at the top
 * of the page, and nothing changes.
 */
@Controller
class AccountAdminWebController {

    private static final String PAGE = "redirect:/admin/accounts";

    private final StaffAdministration staff;

    AccountAdminWebController(StaffAdministration staff) {
        this.staff = staff;
    }

    @GetMapping("/admin/accounts")
    String accounts(AccessScope scope, Model model) {
        StaffAdministration.Staff all = staff.staff(scope);
        model.addAttribute("accounts", all.accounts());
        model.addAttribute("invitations", all.invitations());
        model.addAttribute("roles", StaffAdministration.STAFF_ROLES);
        return "admin/accounts";
    }

    @PostMapping("/admin/invitations")
    String invite(AccessScope scope, @RequestParam(required = false) @Nullable String email,
            @RequestParam(required = false) @Nullable String displayName,
            @RequestParam(required = false) @Nullable String role, Model model, RedirectAttributes redirect) {
        try {
            staff.invite(scope, email, displayName, role);
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> field));
            model.addAttribute("email", email);
            model.addAttribute("displayName", displayName);
            model.addAttribute("role", role);
            return accounts(scope, model);
        }
        redirect.addFlashAttribute("notice", "The invitation to " + email.strip() + " is sent. It works for 3 days.");
        return PAGE;
    }

    @PostMapping("/admin/invitations/{id}/renewal")
    String resend(AccessScope scope, @PathVariable String id, RedirectAttributes redirect) {
        return done(redirect, "The invitation is sent again, with a new link that works for 3 days.",
                () -> staff.resend(scope, org.consilium.identity.InvitationId.parse(id)));
    }

    @PostMapping("/admin/accounts/{id}/suspension")
    String suspend(AccessScope scope, @PathVariable String id, @RequestParam(required = false) @Nullable String reason,
            RedirectAttributes redirect) {
        return done(redirect, "The account is suspended; its sessions and tokens have ended.",
                () -> staff.suspend(scope, account(id), reason));
    }

    @PostMapping("/admin/accounts/{id}/reactivation")
    String reactivate(AccessScope scope, @PathVariable String id, RedirectAttributes redirect) {
        return done(redirect, "The account is active again.", () -> staff.reactivate(scope, account(id)));
    }

    @PostMapping("/admin/accounts/{id}/role")
    String changeRole(AccessScope scope, @PathVariable String id, @RequestParam(required = false) @Nullable String role,
            RedirectAttributes redirect) {
        return done(redirect, "The role is changed; it counts from the holder's next click.",
                () -> staff.changeRole(scope, account(id), role));
    }

    /** Carries the change out and says so, or says why it was refused; either way back to the list. */
    private static String done(RedirectAttributes redirect, String success, Runnable change) {
        try {
            change.run();
            redirect.addFlashAttribute("notice", success);
        } catch (DomainException refused) {
            redirect.addFlashAttribute("error", FormErrors.sentence(refused.reason()));
        }
        return PAGE;
    }

    private static UserId account(String id) {
        return new UserId(Ids.parse(id, "account"));
    }
}
