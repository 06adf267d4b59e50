package org.consilium.platform;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import org.consilium.shared.DomainException;
import org.consilium.shared.VersionConflictException;
import org.springframework.ui.Model;

/**
 * The answers to a form's autosave (an htmx request the form sends a few seconds after typing stops, and when a field
 * loses focus): a quiet "saved at" with the new version, or why nothing was saved. The form keeps the typed text
 * either way; the fragments are in {@code templates/autosave.html}.
 */
public final class Autosave {

    private Autosave() {
    }

    /** Saved: the time for the status line, and the version the form's next save must name. */
    public static String saved(Model model, Instant at, long version) {
        model.addAttribute("savedAt", at);
        model.addAttribute("version", version);
        return "autosave :: saved";
    }

    /** Not saved: the refusal's status, and its reason in the words the page uses. */
    public static String refused(Model model, HttpServletResponse response, DomainException e) {
        response.setStatus(PageActions.status(e));
        model.addAttribute("problem", message(e));
        return "autosave :: refused";
    }

    /** Why nothing was saved; a stale version in words that say the text is safe. */
    public static String message(DomainException e) {
        return e instanceof VersionConflictException
                ? "Not saved: this draft was changed in another window. Your text is kept here; reload the page to "
                        + "see the other version, then decide which to keep."
                : "Not saved yet: " + PageActions.message(e);
    }
}
