package org.consilium.matching.web;

import java.util.List;
import org.consilium.identity.AccessScope;
import org.consilium.matching.CenterId;
import org.consilium.matching.Directory;
import org.consilium.matching.Directory.ProfileDetails;
import org.consilium.shared.FormErrors;
import org.consilium.shared.Ids;
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

/**
 * {@code /centers/{id}}: a center's team, for an administrator and for the staff appointed to administer that center.
 * Its administrators invite its specialists here; an administrator also appoints and ends its administrators. A
 * refused form comes back with what was typed and the message at each field.
 */
@Controller
class CenterTeamWebController {

    private final Directory directory;

    CenterTeamWebController(Directory directory) {
        this.directory = directory;
    }

    /** The centers the caller keeps: every one for an administrator, the ones they were appointed to otherwise. */
    @GetMapping("/centers")
    String centers(AccessScope scope, Model model) {
        model.addAttribute("centers", scope.actor().is(org.consilium.identity.Role.ADMIN) ? directory.centers()
                : directory.administeredCenters(scope));
        return "matching/centers";
    }

    @GetMapping("/centers/{id}")
    String page(AccessScope scope, @PathVariable String id, Model model) {
        model.addAttribute("team", directory.team(scope, CenterId.parse(id)));
        model.addAttribute("specialties", Specialty.practised());
        return "matching/team";
    }

    @PostMapping("/centers/{id}/specialist-invitations")
    String invite(AccessScope scope, @PathVariable String id, @RequestParam(required = false) @Nullable String email,
            @RequestParam(required = false) @Nullable String displayName,
            @RequestParam(required = false) @Nullable String title,
            @RequestParam(required = false) @Nullable List<String> specialties,
            @RequestParam(required = false) @Nullable String languages, Model model, RedirectAttributes redirect) {
        try {
            directory.inviteSpecialist(scope, email, displayName, CenterId.parse(id),
                    ProfileDetails.parse(title, specialties, languages));
        } catch (InvalidInputException e) {
            return refused(scope, id, model, e, "specialist", "specialist-");
        }
        redirect.addFlashAttribute("notice", DirectoryWebController.invitationSent(email));
        return "redirect:/centers/" + id;
    }

    @PostMapping("/centers/{id}/administrators")
    String appoint(AccessScope scope, @PathVariable String id,
            @RequestParam(required = false) @Nullable String email, Model model, RedirectAttributes redirect) {
        try {
            directory.appointAdministrator(scope, CenterId.parse(id), email);
        } catch (InvalidInputException e) {
            return refused(scope, id, model, e, "administrator", "administrator-");
        } catch (org.consilium.shared.IllegalTransitionException already) {
            redirect.addFlashAttribute("error", FormErrors.sentence(already.reason()));
            return "redirect:/centers/" + id;
        }
        redirect.addFlashAttribute("notice", "They administer this center now: they may invite its specialists.");
        return "redirect:/centers/" + id;
    }

    @PostMapping("/centers/{id}/administrators/{accountId}/end")
    String end(AccessScope scope, @PathVariable String id, @PathVariable String accountId,
            RedirectAttributes redirect) {
        try {
            directory.endAdministrator(scope, CenterId.parse(id),
                    new org.consilium.shared.UserId(Ids.parse(accountId, "account")));
        } catch (org.consilium.shared.NotFoundException gone) {
            redirect.addFlashAttribute("error", "Their appointment had ended already.");
            return "redirect:/centers/" + id;
        }
        redirect.addFlashAttribute("notice", "Their appointment ended: they no longer administer this center.");
        return "redirect:/centers/" + id;
    }

    private String refused(AccessScope scope, String id, Model model, InvalidInputException e, String form,
            String inputs) {
        model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> inputs + field));
        model.addAttribute("form", form);
        return page(scope, id, model);
    }
}
