package org.consilium.platform;

import org.consilium.shared.DomainException;
import org.consilium.shared.InvalidInputException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Runs a browser form's action and redirects back (post/redirect/get). A refusal becomes a message on the page the
 * person came from, in the same words the API uses, and nothing is half-done because the action ran in one
 * transaction.
 */
public final class PageActions {

    private PageActions() {
    }

    public static String run(RedirectAttributes redirect, String target, String success, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", success);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", sentence(e.violations().stream()
                    .map(InvalidInputException.Violation::message)
                    .reduce((a, b) -> a + "; " + b)
                    .orElse(e.reason())));
        } catch (DomainException e) {
            if (e instanceof org.consilium.shared.NotFoundException) {
                throw e;
            }
            redirect.addFlashAttribute("error", sentence(e.reason()));
        } catch (OptimisticLockingFailureException e) {
            redirect.addFlashAttribute("error", "Someone else changed this case at the same time. Please try again.");
        }
        return "redirect:" + target;
    }

    /** Capitalised, with a full stop: how a reason reads as a message. */
    public static String sentence(String reason) {
        if (reason.isEmpty()) {
            return reason;
        }
        String text = Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }
}
