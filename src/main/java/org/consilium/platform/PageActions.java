package org.consilium.platform;

import java.util.Map;
import org.consilium.shared.DomainException;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.FormErrors;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.StorageFullException;
import org.consilium.shared.TooManyUnderWayException;
import org.consilium.shared.VersionConflictException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
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
        return run(redirect, target, target, success, action);
    }

    /** As {@link #run(RedirectAttributes, String, String, Runnable)}, going elsewhere when the action succeeds. */
    public static String run(RedirectAttributes redirect, String successTarget, String failureTarget, String success,
            Runnable action) {
        return run(redirect, successTarget, failureTarget, success, Map.of(), action);
    }

    /**
     * As {@link #run(RedirectAttributes, String, String, Runnable)}, for a form whose inputs {@code inputs} names by
     * the fields of the request ({@code reason} → {@code decline-reason}): invalid input comes back as
     * {@link FormErrors}, each message at its input.
     */
    public static String run(RedirectAttributes redirect, String target, String success, Map<String, String> inputs,
            Runnable action) {
        return run(redirect, target, target, success, inputs, action);
    }

    /** As {@link #run(RedirectAttributes, String, String, Map, Runnable)}, going elsewhere on success. */
    public static String run(RedirectAttributes redirect, String successTarget, String failureTarget, String success,
            Map<String, String> inputs, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", success);
            return "redirect:" + successTarget;
        } catch (InvalidInputException e) {
            if (inputs.isEmpty()) {
                redirect.addFlashAttribute("error", message(e));
            } else {
                redirect.addFlashAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, inputs::get));
            }
        } catch (DomainException e) {
            if (e instanceof NotFoundException) {
                throw e;
            }
            redirect.addFlashAttribute("error", message(e));
        } catch (OptimisticLockingFailureException | PessimisticLockingFailureException e) {
            redirect.addFlashAttribute("error", "Someone else changed this case at the same time. Please try again.");
        }
        return "redirect:" + failureTarget;
    }

    /** The status a page answers a refusal with, the same as the API's. */
    public static int status(DomainException e) {
        return switch (e) {
            case NotFoundException ignored -> 404;
            case IllegalTransitionException ignored -> 409;
            case ForbiddenActionException ignored -> 403;
            case InvalidInputException ignored -> 400;
            case VersionConflictException conflict -> conflict.versionGiven() ? 412 : 428;
            case TooManyUnderWayException ignored -> 429;
            case StorageFullException ignored -> 413;
            case org.consilium.shared.ResumableUploadException upload -> switch (upload.kind()) {
                case OFFSET_MISMATCH -> 409;
                case CHECKSUM_MISMATCH -> 460;
                case BUSY -> 423;
                case EXPIRED -> 410;
                case STORAGE_FAILED -> 503;
            };
        };
    }

    /** A refusal as a sentence for the page: every violation of invalid input, or the reason. */
    public static String message(DomainException e) {
        if (e instanceof InvalidInputException invalid && !invalid.violations().isEmpty()) {
            return sentence(String.join("; ", invalid.violations().stream()
                    .map(InvalidInputException.Violation::message).toList()));
        }
        return sentence(e.reason());
    }

    /** Capitalised, with a full stop: how a reason reads as a message. */
    public static String sentence(String reason) {
        return FormErrors.sentence(reason);
    }
}
