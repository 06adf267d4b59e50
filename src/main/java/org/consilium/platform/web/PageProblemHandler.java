package org.consilium.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.consilium.identity.PendingStepUp;
import org.consilium.identity.StepUpRequiredException;
import org.consilium.platform.PendingForms;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import java.util.UUID;
import org.consilium.platform.PageActions;
import org.consilium.shared.Check;
import org.consilium.shared.DomainException;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.VersionConflictException;
import org.consilium.shared.StorageFullException;
import org.consilium.shared.TooManyUnderWayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.beans.InvalidPropertyException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/** In the browser, a refusal is a page that says why in plain words and offers a way back. */
@ControllerAdvice(annotations = Controller.class)
@Order(2)
class PageProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(PageProblemHandler.class);

    private final PendingForms forms;

    PageProblemHandler(PendingForms forms) {
        this.forms = forms;
    }

    /**
     * A guarded action with too old a sign-in: to the prompt that asks the person to confirm who they are, which
     * then returns them to the page of the action (a page asked for is asked for again; a form's page is shown again,
     * with what it saved before the refusal, or with what was typed, for a form that keeps it). An htmx request is sent
     * there by the {@code HX-Redirect} header.
     */
    @ExceptionHandler(StepUpRequiredException.class)
    ResponseEntity<Void> stepUp(StepUpRequiredException e, HttpServletRequest request) {
        boolean htmx = request.getHeader("HX-Request") != null;
        String page = "GET".equals(request.getMethod()) && !htmx
                ? request.getRequestURI().substring(request.getContextPath().length())
                        + (request.getQueryString() == null ? "" : "?" + request.getQueryString())
                : forms.pageOf(request).orElse("/cases");
        if ("POST".equals(request.getMethod()) && !htmx) {
            // What was typed waits for the page to show it again, as after a session that ended.
            forms.keepBeforeStepUp(request);
        }
        request.getSession().setAttribute(PendingStepUp.ATTRIBUTE, new PendingStepUp(e.action(), page));
        String prompt = request.getContextPath() + "/account/confirm";
        return htmx ? ResponseEntity.noContent().header("HX-Redirect", prompt).build()
                : ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(prompt)).build();
    }

    @ExceptionHandler(DomainException.class)
    String refused(DomainException e, Model model, HttpServletResponse response) {
        String title = switch (e) {
            case NotFoundException ignored -> "We could not find that";
            case IllegalTransitionException ignored -> "That is not possible right now";
            case ForbiddenActionException ignored -> "You may not do that";
            case InvalidInputException ignored -> "Something in the form needs fixing";
            case VersionConflictException ignored -> "Changed by someone else";
            case TooManyUnderWayException ignored -> "Too many at once";
            case StorageFullException ignored -> "There is no more room";
            case org.consilium.shared.ResumableUploadException ignored -> "The upload could not go on";
        };
        return show(model, response, PageActions.status(e), title, PageActions.message(e));
    }

    @ExceptionHandler({OptimisticLockingFailureException.class, PessimisticLockingFailureException.class})
    String concurrent(Model model, HttpServletResponse response) {
        return show(model, response, 409, "Changed by someone else",
                "The case changed while you were working on it. Go back, reload, and try again.");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    String tooLarge(MaxUploadSizeExceededException e, Model model, HttpServletResponse response) {
        if (MultipartFailures.fileNameTooLong(e)) {
            return show(model, response, 400, "Something in the form needs fixing",
                    "The file name is too long (at most " + Check.MAX_FILE_NAME + " characters). Rename the file "
                            + "and upload it again. Nothing was stored.");
        }
        return show(model, response, 413, "That file is too large",
                "Files uploaded here may be at most 50 MB. Nothing was stored.");
    }

    /** A request the page did not send this way: a hand-edited address or form. */
    @ExceptionHandler({TypeMismatchException.class, BindException.class, InvalidPropertyException.class})
    String malformed(Model model, HttpServletResponse response) {
        return show(model, response, 400, "That request did not work",
                "Something in the address or the form was not what this page expects. Go back and try again.");
    }

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, Model model, HttpServletResponse response) {
        if (e instanceof ErrorResponse error && error.getStatusCode().is4xxClientError()) {
            return show(model, response, error.getStatusCode().value(), "That request did not work",
                    "This page cannot answer that request (" + error.getStatusCode().value() + "). Go back and "
                            + "try again.");
        }
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected failure, reference {}", reference, e);
        return show(model, response, 500, "Something went wrong on our side",
                "Nothing you sent was half-stored. If it happens again, quote this reference: " + reference);
    }

    private static String show(Model model, HttpServletResponse response, int status, String title, String detail) {
        response.setStatus(status);
        model.addAttribute("me", CurrentUserAdvice.signedIn());
        model.addAttribute("status", status);
        model.addAttribute("problemTitle", title);
        model.addAttribute("detail", detail);
        return "problem";
    }
}
