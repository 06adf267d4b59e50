package org.consilium.platform.web;

import org.consilium.platform.ProblemTypes;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The words of an error answered outside any controller: a request no endpoint takes, a refusal by the firewall, or
 * one by Tomcat before the application sees the request. {@link ErrorPages} and {@link TomcatErrorValve} answer with
 * the same problem detail on the API and the same page in the browser, chosen by the path the request named, never
 * by its {@code Accept} header: an API client never gets a page, and a person never gets JSON.
 */
final class ErrorAnswers {

    private ErrorAnswers() {
    }

    /** The paths of the API's security chain, whose answers are problem details. */
    static boolean forApi(@Nullable String path) {
        return path != null && (path.equals("/api") || path.startsWith("/api/") || path.startsWith("/actuator")
                || path.startsWith("/v3/api-docs"));
    }

    static ProblemDetail problem(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), switch (status) {
                    case 400 -> "The request is malformed: its address or headers hold something this server does "
                            + "not take, such as a broken %-escape, an encoded slash or a double slash.";
                    case 404 -> "No such resource. See /v3/api-docs for the API.";
                    case 405 -> "This resource does not take this HTTP method.";
                    case 415 -> "This resource does not take this content type.";
                    case 429 -> "Too many requests from this address; wait the seconds in Retry-After, then try "
                            + "again.";
                    default -> known == null ? "The request failed (" + status + ")." : known.getReasonPhrase();
                });
        problem.setType(ProblemTypes.uri(slug(status)));
        problem.setTitle(title(status, known));
        return problem;
    }

    /** A problem type's title, the same wherever the problem is raised (RFC 9457: the title belongs to the type). */
    private static String title(int status, @Nullable HttpStatus known) {
        return switch (status) {
            case 400 -> "Invalid input";
            case 404 -> "Not found";
            case 413 -> "Too large";
            case 429 -> "Too many requests";
            case 500 -> "Something went wrong";
            default -> known == null ? "Error " + status : known.getReasonPhrase();
        };
    }

    /** The problem type of an error that carries only its status, wherever it was raised. */
    static String slug(int status) {
        return switch (status) {
            case 400 -> "invalid-input";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-requests";
            case 500 -> "internal";
            default -> "http-" + status;
        };
    }

    /** A page's heading and its one sentence. */
    record Page(String title, String detail) {
    }

    static Page page(int status) {
        return switch (status) {
            case 400 -> new Page("That request did not work", "The address or the request was not one this site "
                    + "understands. Check the address, or go back and try again.");
            case 404 -> new Page("We could not find that", "The page does not exist, or you may not see it.");
            // The container refuses an oversized body before anything reads it: a file, or a form's text.
            case 413 -> new Page("That was too large to send",
                    "A file uploaded here may be at most 50 MB, and a form's fields hold at most a few thousand "
                            + "characters each. Nothing was stored. Go back to the form and try again.");
            case 429 -> new Page("Too many tries from here",
                    "This connection sent that form many times in a few minutes. Wait ten minutes, then try again.");
            case 501, 505 -> new Page("That request did not work",
                    "Your browser sent the request in a way this site does not support (" + status + ").");
            default -> status < 500
                    ? new Page("That request did not work",
                            "The request was not one this page understands (" + status + ").")
                    : new Page("Something went wrong on our side",
                            "Nothing you sent was half-stored. Please try again in a moment.");
        };
    }
}
