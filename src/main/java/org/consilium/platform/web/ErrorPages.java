package org.consilium.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.consilium.platform.ProblemTypes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Errors that happen before any controller runs (no such path, wrong method or media type, a filter's refusal): a
 * problem detail for API paths, a readable page for the browser.
 */
@Controller
class ErrorPages implements ErrorController {

    @RequestMapping(value = "/error", produces = MediaType.TEXT_HTML_VALUE)
    String page(HttpServletRequest request, HttpServletResponse response, Model model) {
        HttpStatus status = status(request);
        response.setStatus(status.value());
        model.addAttribute("problemTitle", switch (status) {
            case NOT_FOUND -> "We could not find that";
            case CONTENT_TOO_LARGE -> "That file is too large";
            default -> status.is4xxClientError() ? "That request did not work" : "Something went wrong on our side";
        });
        model.addAttribute("detail", switch (status) {
            case NOT_FOUND -> "The page does not exist, or you may not see it.";
            case CONTENT_TOO_LARGE -> "Files uploaded here may be at most 50 MB. Nothing was stored.";
            default -> status.is4xxClientError() ? "The request was not one this page understands ("
                    + status.value() + ")." : "Nothing you sent was half-stored. Please try again in a moment.";
        });
        return "problem";
    }

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
        HttpStatus status = status(request);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, switch (status) {
            case NOT_FOUND -> "No such resource. See /v3/api-docs for the API.";
            case METHOD_NOT_ALLOWED -> "This resource does not take this HTTP method.";
            case UNSUPPORTED_MEDIA_TYPE -> "This resource does not take this content type.";
            default -> status.getReasonPhrase();
        });
        problem.setType(ProblemTypes.uri(switch (status) {
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case BAD_REQUEST -> "invalid-input";
            default -> status.is5xxServerError() ? "internal" : "http-" + status.value();
        }));
        problem.setTitle(status.getReasonPhrase());
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri != null) {
            problem.setInstance(java.net.URI.create(uri.toString()));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }
}
