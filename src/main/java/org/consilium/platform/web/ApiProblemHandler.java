package org.consilium.platform.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consilium.identity.SignInThrottledException;
import org.consilium.identity.WrongCredentialsException;
import org.consilium.identity.InvalidGrantException;
import org.consilium.identity.SecondFactorEnrolmentRequiredException;
import org.consilium.identity.SecondFactorRequiredException;
import org.consilium.identity.StepUpRequiredException;
import org.consilium.platform.ProblemTypes;
import org.consilium.shared.Check;
import org.consilium.shared.DomainException;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.VersionConflictException;
import org.consilium.shared.ResumableUploadException;
import org.consilium.shared.StorageFullException;
import org.consilium.shared.TooManyUnderWayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every API error is an RFC 9457 problem detail with a stable {@code type}. Domain refusals carry their reason;
 * unexpected failures say only that something broke, with a reference to find the log line.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(1)
class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> refused(DomainException e) {
        ProblemDetail problem = switch (e) {
            case NotFoundException notFound -> problem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                    notFound.reason());
            case IllegalTransitionException illegal -> problem(HttpStatus.CONFLICT, "illegal-transition",
                    "Not possible in the current state", illegal.reason());
            case ForbiddenActionException forbidden -> problem(HttpStatus.FORBIDDEN, "forbidden",
                    "Not allowed", forbidden.reason());
            case InvalidInputException invalid -> invalid(invalid);
            case VersionConflictException conflict -> conflict.versionGiven()
                    ? problem(HttpStatus.PRECONDITION_FAILED, "stale-version", "Changed elsewhere", conflict.reason())
                    : problem(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", "If-Match required",
                            conflict.reason());
            case TooManyUnderWayException busy -> problem(HttpStatus.TOO_MANY_REQUESTS, busy.slug(),
                    "Too many at once", busy.reason());
            case StorageFullException full -> {
                ProblemDetail tooMuch = problem(HttpStatus.CONTENT_TOO_LARGE, full.slug(),
                        full.slug().equals("file-too-large") ? "File too large" : "Storage full", full.reason());
                tooMuch.setProperty("heldBytes", full.heldBytes());
                tooMuch.setProperty("limitBytes", full.limitBytes());
                yield tooMuch;
            }
            case ResumableUploadException upload -> {
                ProblemDetail misfit = switch (upload.kind()) {
                    case OFFSET_MISMATCH -> problem(HttpStatus.CONFLICT, "upload-offset-mismatch",
                            "Wrong offset", upload.reason());
                    case CHECKSUM_MISMATCH -> problem(HttpStatusCode.valueOf(460), "upload-checksum-mismatch",
                            "Checksum mismatch", upload.reason());
                    case BUSY -> problem(HttpStatus.LOCKED, "upload-busy", "Upload busy", upload.reason());
                    case EXPIRED -> problem(HttpStatus.GONE, "upload-expired", "Upload expired", upload.reason());
                    case STORAGE_FAILED -> problem(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable",
                            "Storage unavailable", upload.reason());
                };
                misfit.setProperty("offset", upload.offset());
                yield misfit;
            }
        };
        if (e instanceof ResumableUploadException upload) {
            return ResponseEntity.status(problem.getStatus())
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", Long.toString(upload.offset()))
                    .header(HttpHeaders.RETRY_AFTER, upload.kind() == ResumableUploadException.Kind.STORAGE_FAILED
                            ? "60" : "1")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(problem);
        }
        if (e instanceof TooManyUnderWayException busy) {
            return ResponseEntity.status(problem.getStatus())
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, busy.retryAfter().toSeconds())))
                    .body(problem);
        }
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /** A lost race (a stale version, or a lock the database gave to another request): safe to try again. */
    @ExceptionHandler({OptimisticLockingFailureException.class, PessimisticLockingFailureException.class})
    ResponseEntity<ProblemDetail> concurrentChange(Exception e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem(HttpStatus.CONFLICT, "concurrent-change",
                "Changed by someone else", "The case changed while you were working on it. Reload and try again."));
    }

    /** Which of the email and the password was wrong is never said. */
    @ExceptionHandler(WrongCredentialsException.class)
    ResponseEntity<ProblemDetail> wrongCredentials(WrongCredentialsException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem(HttpStatus.UNAUTHORIZED,
                "bad-credentials", "Sign-in failed", "The email or password is wrong. An account registered recently "
                + "can sign in once its address is confirmed by the link mailed to it."));
    }

    /** Why a passkey was refused is on the audit trail, never in the answer. */
    @ExceptionHandler(org.consilium.identity.Passkeys.RefusedException.class)
    ResponseEntity<ProblemDetail> passkeyRefused(org.consilium.identity.Passkeys.RefusedException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem(HttpStatus.UNAUTHORIZED,
                "passkey-refused", "Passkey refused", "The passkey's answer did not sign you in: it answers no open "
                        + "challenge (each lasts five minutes and works once), or the passkey is not one in use here. "
                        + "Ask for new options and try again."));
    }

    @ExceptionHandler(SecondFactorRequiredException.class)
    ResponseEntity<ProblemDetail> secondFactor(SecondFactorRequiredException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(e.codeGiven()
                ? problem(HttpStatus.UNAUTHORIZED, "otp-invalid", "Wrong one-time code", "The code is wrong or was "
                        + "used already. Send the code your authenticator app shows now, or an unused recovery code.")
                : problem(HttpStatus.UNAUTHORIZED, "otp-required", "One-time code needed", "This account signs in "
                        + "with a second factor: send the code its authenticator app shows (or a recovery code) as otp, with "
                        + "the email and password, or sign in with a passkey instead."));
    }

    /**
     * RFC 9470: the token is good, but the authentication behind it is too old for this action; the client steps up
     * and sends the request again with the token it gets.
     */
    @ExceptionHandler(StepUpRequiredException.class)
    ResponseEntity<ProblemDetail> stepUp(StepUpRequiredException e) {
        long maxAge = e.maxAge().toSeconds();
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_user_authentication\", "
                        + "error_description=\"A more recent authentication is required\", max_age=" + maxAge)
                .body(problem(HttpStatus.UNAUTHORIZED, "step-up-required", "Recent authentication required",
                        e.action() + " needs an authentication at most " + e.maxAgeInWords() + " old. Send your "
                                + "password (and otp, with an authenticator app) to POST /api/v1/auth/step-up, then "
                                + "send this request again with the access token it answers. Nothing was changed."));
    }

    @ExceptionHandler(InvalidGrantException.class)
    ResponseEntity<ProblemDetail> invalidGrant(InvalidGrantException e) {
        return ResponseEntity.badRequest().header(HttpHeaders.CACHE_CONTROL, "no-store").body(problem(
                HttpStatus.BAD_REQUEST, "invalid-grant", "Refresh token not usable", "The refresh token is unknown, "
                        + "expired, revoked or was used already. Sign in again with POST /api/v1/auth/token."));
    }

    @ExceptionHandler(SecondFactorEnrolmentRequiredException.class)
    ResponseEntity<ProblemDetail> enrolFirst(SecondFactorEnrolmentRequiredException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem(HttpStatus.FORBIDDEN,
                "second-factor-enrolment-required", "Set up a second factor first", "Staff sign in here with a "
                        + "second factor. Sign in in the browser and set up an authenticator app on your account "
                        + "page, then ask for a token with its code."));
    }

    /** The same words whether the email, the client's address or both have to wait, and whether the email exists. */
    @ExceptionHandler(SignInThrottledException.class)
    ResponseEntity<ProblemDetail> throttled(SignInThrottledException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-attempts", "Too many attempts",
                        "Too many failed sign-ins. Try again in " + e.retryAfter().toSeconds() + " seconds."));
    }

    @ExceptionHandler(AuthenticationCredentialsNotFoundException.class)
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationCredentialsNotFoundException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem(HttpStatus.UNAUTHORIZED,
                "unauthenticated", "Not signed in", "Send a bearer token from POST /api/v1/auth/token."));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input",
                e.getName() + " has the wrong format");
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected failure, reference {}", reference, e);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Something went wrong",
                "Something went wrong on our side; nothing you sent was half-stored. Reference: " + reference);
        return ResponseEntity.internalServerError().body(problem);
    }

    /**
     * A body over the size limit is a 413. A body the strict JSON mapper refused names the field and what was
     * expected there; a body that is missing or not JSON at all says so.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JsonBodyLimit.Exceeded tooLarge = cause(ex, JsonBodyLimit.Exceeded.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                    "too-large", "Too large", "Request bodies may be at most " + tooLarge.limitInWords() + "."));
        }
        JacksonException json = cause(ex, JacksonException.class);
        if (json == null) {
            return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input",
                    "The request body is missing or could not be read."));
        }
        JsonInputProblems.Problem refused = JsonInputProblems.of(json);
        if (refused.field() == null) {
            return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid-input",
                    "Invalid input", refused.message()));
        }
        return ResponseEntity.badRequest().body(invalid(new InvalidInputException(refused.field(),
                refused.message())));
    }

    private static <T extends Throwable> @Nullable T cause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (MultipartFailures.fileNameTooLong(ex)) {
            return ResponseEntity.badRequest().body(invalid(new InvalidInputException("file",
                    Check.FILE_NAME_TOO_LONG)));
        }
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                "too-large", "Too large", "Files sent this way may be at most 50 MB."));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> badMultipart(MultipartException e) {
        if (MultipartFailures.fileNameTooLong(e)) {
            return ResponseEntity.badRequest().body(invalid(new InvalidInputException("file",
                    Check.FILE_NAME_TOO_LONG)));
        }
        if (e instanceof MaxUploadSizeExceededException) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                    "too-large", "Too large", "Files sent this way may be at most 50 MB."));
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input",
                "The upload is not a valid multipart/form-data request."));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        // Spring leaves the type unset (or about:blank) on the problems it makes itself.
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(ProblemTypes.uri(ErrorAnswers.slug(statusCode.value())));
        }
        return response;
    }

    static ProblemDetail problem(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.uri(type));
        problem.setTitle(title);
        return problem;
    }

    private static ProblemDetail invalid(InvalidInputException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.reason());
        List<Map<String, String>> errors = e.violations().stream()
                .map(v -> Map.of("field", v.field(), "message", v.message()))
                .toList();
        problem.setProperty("errors", errors);
        return problem;
    }
}
