package org.consilium.platform.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;

/**
 * Answers the errors Tomcat raises itself, before any filter or servlet runs: a request line it cannot parse, a
 * broken %-escape, an encoded slash, a control character in a header. In place of Tomcat's HTML report, they get
 * the app's answers ({@link ErrorAnswers}): a problem detail on API paths, the app's error page elsewhere. Each is
 * logged in one line, without the request's content and without a stack trace.
 */
final class TomcatErrorValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(TomcatErrorValve.class);

    private final String contextPath;
    private final Supplier<ProblemWriter> problems;
    private final ErrorPageHtml pages;

    TomcatErrorValve(String contextPath, Supplier<ProblemWriter> problems, ErrorPageHtml pages) {
        this.contextPath = contextPath;
        this.problems = problems;
        this.pages = pages;
    }

    @Override
    protected void report(Request request, Response response, @Nullable Throwable failure) {
        int status = response.getStatus();
        // As Tomcat's own report: only an error nobody has answered yet, on a connection still open for writing.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean writable = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
        if (!writable.get()) {
            return;
        }
        if (request.getContext() == null) {
            log.info("Refused a malformed request before the application saw it ({}): {}", status,
                    printable(response.getMessage() != null ? response.getMessage()
                            : "the request line or its headers were not valid HTTP"));
        }
        try {
            SecurityHeaders.addTo(response);
            if (ErrorAnswers.forApi(path(request, failure))) {
                problems.get().write(response, ErrorAnswers.problem(status));
            } else {
                byte[] page = pages.forStatus(status).getBytes(StandardCharsets.UTF_8);
                response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
                response.setContentLength(page.length);
                response.getOutputStream().write(page);
            }
            response.finishResponse();
        } catch (IOException | RuntimeException e) {
            log.debug("Could not write the answer to a refused request", e);
        }
    }

    /**
     * The path the request named, within the app. When the request line itself could not be parsed, Tomcat keeps
     * no path, but its English message quotes the target ("... in the request target [/api/v1/x0xff ] ..."): that
     * is enough to tell an API path. Without it (another message, another locale) the answer is the page.
     */
    private @Nullable String path(Request request, @Nullable Throwable failure) {
        String uri = request.getRequestURI();
        if (uri == null || uri.isEmpty()) {
            uri = quotedTarget(failure);
        }
        if (uri == null || !uri.startsWith(contextPath)) {
            return null;
        }
        return uri.substring(contextPath.length());
    }

    private static @Nullable String quotedTarget(@Nullable Throwable failure) {
        String message = failure == null ? null : failure.getMessage();
        int open = message == null ? -1 : message.indexOf("[/");
        if (open < 0) {
            return null;
        }
        int end = open + 1;
        while (end < message.length() && message.charAt(end) != ']' && !Character.isWhitespace(message.charAt(end))) {
            end++;
        }
        return message.substring(open + 1, end);
    }

    /** Printable ASCII only, and short: a log line must not be forged or flooded by what a client sent. */
    private static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && shown.length() < 160; i++) {
            char c = text.charAt(i);
            shown.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return shown.toString();
    }
}
