package org.consilium.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Errors that happen before any controller runs (no such path, wrong method or media type, a filter's or the
 * firewall's refusal): a problem detail for API paths, a readable page everywhere else (see {@link ErrorAnswers}).
 */
@Controller
class ErrorPages implements ErrorController {

    private final ProblemWriter problems;

    ErrorPages(ProblemWriter problems) {
        this.problems = problems;
    }

    /** The page's view name, or null when the answer was a problem detail, already written. */
    @RequestMapping("/error")
    @Nullable String error(HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        String uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String value ? value : null;
        String path = uri == null ? null : uri.substring(Math.min(uri.length(), request.getContextPath().length()));
        if (ErrorAnswers.forApi(path)) {
            ProblemDetail problem = ErrorAnswers.problem(status);
            problem.setInstance(instance(uri));
            problems.write(response, problem);
            return null;
        }
        ErrorAnswers.Page page = ErrorAnswers.page(status);
        response.setStatus(status);
        model.addAttribute("problemTitle", page.title());
        model.addAttribute("detail", page.detail());
        return "problem";
    }

    private static @Nullable URI instance(@Nullable String uri) {
        try {
            return uri == null ? null : URI.create(uri);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
