package org.consilium.matching.web;

import java.util.List;
import org.consilium.identity.AccessScope;
import org.consilium.matching.CenterId;
import org.consilium.matching.Directory;
import org.consilium.matching.Directory.CenterDetails;
import org.consilium.matching.Directory.ProfileDetails;
import org.consilium.shared.FormErrors;
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
 * {@code /admin/directory}, for administrators: the expert centers, a form to add one, each center's edit form, and
 * the form to invite a specialist; and {@code /directory/entry}, where a specialist edits what the directory says of
 * them. A refused form comes back with what was typed and the message at each field.
 */
@Controller
class DirectoryWebController {

    private static final String PAGE = "redirect:/admin/directory";

    private final Directory directory;

    DirectoryWebController(Directory directory) {
        this.directory = directory;
    }

    @GetMapping("/admin/directory")
    String page(AccessScope scope, Model model) {
        model.addAttribute("centers", directory.centers());
        model.addAttribute("specialties", Specialty.practised());
        return "matching/directory";
    }

    @PostMapping("/admin/centers")
    String addCenter(AccessScope scope, @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String city,
            @RequestParam(required = false) @Nullable String country,
            @RequestParam(required = false) @Nullable String timeZone,
            @RequestParam(required = false) @Nullable List<String> specialties, Model model,
            RedirectAttributes redirect) {
        try {
            directory.addCenter(scope, CenterDetails.parse(name, city, country, timeZone, specialties));
        } catch (InvalidInputException e) {
            return refused(scope, model, e, "center", "center-");
        }
        redirect.addFlashAttribute("notice", "The center " + name.strip() + " is added.");
        return PAGE;
    }

    @PostMapping("/admin/centers/{id}")
    String editCenter(AccessScope scope, @PathVariable String id,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String city,
            @RequestParam(required = false) @Nullable String country,
            @RequestParam(required = false) @Nullable String timeZone,
            @RequestParam(required = false) @Nullable List<String> specialties, Model model,
            RedirectAttributes redirect) {
        CenterId center = CenterId.parse(id);
        try {
            directory.editCenter(scope, center, CenterDetails.parse(name, city, country, timeZone, specialties));
        } catch (InvalidInputException e) {
            return refused(scope, model, e, center.toString(), "edit-" + center + "-");
        }
        redirect.addFlashAttribute("notice", "The center " + name.strip() + " is saved.");
        return PAGE;
    }

    @PostMapping("/admin/specialist-invitations")
    String inviteSpecialist(AccessScope scope, @RequestParam(required = false) @Nullable String email,
            @RequestParam(required = false) @Nullable String displayName,
            @RequestParam(required = false) @Nullable String centerId,
            @RequestParam(required = false) @Nullable String title,
            @RequestParam(required = false) @Nullable List<String> specialties,
            @RequestParam(required = false) @Nullable String languages, Model model, RedirectAttributes redirect) {
        try {
            directory.inviteSpecialist(scope, email, displayName, CenterId.fromInput(centerId),
                    ProfileDetails.parse(title, specialties, languages));
        } catch (InvalidInputException e) {
            return refused(scope, model, e, "specialist", "specialist-");
        }
        redirect.addFlashAttribute("notice", invitationSent(email));
        return PAGE;
    }

    /** What an administrator or a center's administrator is told of an invitation sent, whoever the address is. */
    static String invitationSent(String email) {
        return "The invitation to " + email.strip() + " is sent. They are listed once they accept it.";
    }

    /**
     * The page again, with the refused form's fields as typed and its errors at them.
     *
     * @param form which form was refused: {@code center}, {@code specialist}, or the id of the center edited
     * @param inputs the prefix of that form's input ids
     */
    private String refused(AccessScope scope, Model model, InvalidInputException e, String form, String inputs) {
        model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> inputs + field));
        model.addAttribute("form", form);
        return page(scope, model);
    }

    @GetMapping("/directory/entry")
    String ownEntry(AccessScope scope, Model model) {
        model.addAttribute("entry", directory.ownEntry(scope).orElse(null));
        model.addAttribute("specialties", Specialty.practised());
        return "matching/entry";
    }

    @PostMapping("/directory/entry")
    String editOwnEntry(AccessScope scope, @RequestParam(required = false) @Nullable String title,
            @RequestParam(required = false) @Nullable List<String> specialties,
            @RequestParam(required = false) @Nullable String languages, Model model, RedirectAttributes redirect) {
        try {
            directory.editOwnEntry(scope, ProfileDetails.parse(title, specialties, languages));
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> field));
            return ownEntry(scope, model);
        }
        redirect.addFlashAttribute("notice", "Your directory entry is saved.");
        return "redirect:/directory/entry";
    }
}
