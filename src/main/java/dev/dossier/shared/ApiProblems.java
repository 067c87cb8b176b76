package dev.dossier.shared;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Every error of the REST API as RFC 9457 problem+json, in the caller's language. */
@RestControllerAdvice(annotations = RestController.class)
public class ApiProblems extends ResponseEntityExceptionHandler {

    public static final String TYPE_PREFIX = "urn:dossier:problem:";

    private final MessageSource messages;

    ApiProblems(MessageSource messages) {
        this.messages = messages;
    }

    /** A problem of the given kind, with a localised title and detail. */
    public ProblemDetail problem(HttpStatus status, String kind, String detailCode, Object... args) {
        var problem = ProblemDetail.forStatusAndDetail(status, text(detailCode, args));
        problem.setType(URI.create(TYPE_PREFIX + kind));
        problem.setTitle(text("problem." + kind + ".title"));
        return problem;
    }

    @ExceptionHandler(ValidationException.class)
    ProblemDetail invalid(ValidationException e) {
        var problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "validation", "problem.validation.detail");
        problem.setProperty("errors", e.problems().stream().map(this::describe).toList());
        return problem;
    }

    @ExceptionHandler(InvalidValueException.class)
    ProblemDetail invalidValue(InvalidValueException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-value", e.code());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "problem.not-found.detail");
    }

    @ExceptionHandler(StaleVersionException.class)
    ResponseEntity<ProblemDetail> stale(StaleVersionException e) {
        var problem = problem(HttpStatus.CONFLICT, "stale-version", "problem.stale-version.detail",
                e.currentVersion());
        problem.setProperty("currentVersion", e.currentVersion());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(PreconditionFailedException.class)
    ProblemDetail precondition(PreconditionFailedException e) {
        var status = e.missing() ? HttpStatus.PRECONDITION_REQUIRED : HttpStatus.PRECONDITION_FAILED;
        var problem = problem(status, e.missing() ? "precondition-required" : "precondition-failed",
                e.missing() ? "problem.precondition-required.detail" : "problem.precondition-failed.detail");
        if (e.currentVersion() != null) {
            problem.setProperty("currentVersion", e.currentVersion());
        }
        return problem;
    }

    @ExceptionHandler(ConsentRequiredException.class)
    ProblemDetail consentRequired(ConsentRequiredException e) {
        var purpose = text("enum.ConsentPurpose." + e.purpose());
        var problem = problem(HttpStatus.CONFLICT, "consent-required", "problem.consent-required.detail", purpose);
        problem.setProperty("purpose", e.purpose());
        problem.setProperty("customerId", e.customerId());
        return problem;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden.detail");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        var problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "problem.invalid-parameter.detail",
                e.getName());
        problem.setProperty("parameter", e.getName());
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                        "too-large", "problem.too-large.detail", tooLarge.maxBytes()));
            }
        }
        var cause = ex.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            problem = problem(HttpStatus.BAD_REQUEST, "unknown-field", "problem.unknown-field.detail",
                    path(unknown));
            problem.setProperty("field", path(unknown));
        } else if (cause instanceof DatabindException bind && !bind.getPath().isEmpty()) {
            problem = problem(HttpStatus.BAD_REQUEST, "wrong-type", "problem.wrong-type.detail", path(bind));
            problem.setProperty("field", path(bind));
        } else if (cause instanceof JacksonException) {
            problem = problem(HttpStatus.BAD_REQUEST, "malformed-json", "problem.malformed-json.detail");
        } else {
            problem = problem(HttpStatus.BAD_REQUEST, "malformed-json", "problem.unreadable.detail");
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "validation", "problem.validation.detail");
        List<Map<String, Object>> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(error -> errors.add(Map.of(
                "field", error.getField(),
                "code", String.valueOf(error.getCode()),
                "message", messages.getMessage(error, locale()))));
        problem.setProperty("errors", errors);
        return ResponseEntity.unprocessableContent().body(problem);
    }

    private Map<String, Object> describe(FieldProblem p) {
        return Map.of("field", p.field(), "code", p.code(), "message", text(p.code(), p.args()));
    }

    private static String path(DatabindException e) {
        var path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private String text(String code, Object... args) {
        return messages.getMessage(code, args, code, locale());
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
