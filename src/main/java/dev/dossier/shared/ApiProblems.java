package dev.dossier.shared;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error of the REST API as RFC 9457 problem+json, in the caller's language. The content type is set, not
 * negotiated: a client that accepts only other types still learns what went wrong. Errors that no handler of the API
 * sees (no such path, a refused request) become the same problems through {@link #forStatus}.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class ApiProblems extends ResponseEntityExceptionHandler {

    public static final String TYPE_PREFIX = "urn:dossier:problem:";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The kind of problem of each status a request can end with when nothing more precise is known. */
    private static final Map<Integer, String> KINDS = Map.ofEntries(
            Map.entry(400, "bad-request"),
            Map.entry(401, "unauthorized"),
            Map.entry(403, "forbidden"),
            Map.entry(404, "not-found"),
            Map.entry(405, "method-not-allowed"),
            Map.entry(406, "not-acceptable"),
            Map.entry(408, "request-timeout"),
            Map.entry(409, "conflict"),
            Map.entry(413, "too-large"),
            Map.entry(414, "uri-too-long"),
            Map.entry(415, "unsupported-media-type"),
            Map.entry(429, "throttled"),
            Map.entry(431, "headers-too-large"),
            Map.entry(503, "unavailable"));

    private final MessageSource messages;

    ApiProblems(MessageSource messages) {
        this.messages = messages;
    }

    /** A problem of the given kind, with a localised title and detail. */
    public ProblemDetail problem(HttpStatus status, String kind, String detailCode, Object... args) {
        return problemIn(locale(), status, kind, detailCode, args);
    }

    /** A problem of the given kind in {@code locale}, for answers written before Spring MVC sets the locale. */
    public ProblemDetail problemIn(
            Locale locale, HttpStatusCode status, String kind, String detailCode, Object... args) {
        var problem =
                ProblemDetail.forStatusAndDetail(status, messages.getMessage(detailCode, args, detailCode, locale));
        problem.setType(URI.create(TYPE_PREFIX + kind));
        problem.setTitle(messages.getMessage("problem." + kind + ".title", null, kind, locale));
        return problem;
    }

    /**
     * The problem for a request that ended with {@code status} for a reason no handler described: a general kind
     * ({@code not-found}, {@code method-not-allowed}, …, {@code server-error} for any 5xx, {@code http-error} for
     * the rest), in the current locale.
     */
    public ProblemDetail forStatus(int status) {
        return forStatus(status, locale());
    }

    /** The problem for a request that ended with {@code status}, in {@code locale}. */
    public ProblemDetail forStatus(int status, Locale locale) {
        var kind = KINDS.get(status);
        if (kind == null) {
            kind = status >= 500 ? "server-error" : "http-error";
        }
        var detail = "too-large".equals(kind) ? "problem.too-large.any.detail" : "problem." + kind + ".detail";
        return problemIn(locale, HttpStatusCode.valueOf(status), kind, detail, status);
    }

    /** The problem as a response whose content type is problem+json whatever the request accepts. */
    public static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** A problem as the JSON of an answer written without Spring MVC: type, title, status and detail. */
    static String json(ProblemDetail problem) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        return JSON.writeValueAsString(body);
    }

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<ProblemDetail> invalid(ValidationException e) {
        var problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "validation", "problem.validation.detail");
        problem.setProperty("errors", e.problems().stream().map(this::describe).toList());
        return respond(problem);
    }

    @ExceptionHandler(InvalidValueException.class)
    ResponseEntity<ProblemDetail> invalidValue(InvalidValueException e) {
        return respond(problem(HttpStatus.BAD_REQUEST, "invalid-value", e.code()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return respond(problem(HttpStatus.NOT_FOUND, "not-found", "problem.not-found.detail"));
    }

    @ExceptionHandler(StaleVersionException.class)
    ResponseEntity<ProblemDetail> stale(StaleVersionException e) {
        var problem = problem(HttpStatus.CONFLICT, "stale-version", "problem.stale-version.detail", e.currentVersion());
        problem.setProperty("currentVersion", e.currentVersion());
        return respond(problem);
    }

    @ExceptionHandler(PreconditionFailedException.class)
    ResponseEntity<ProblemDetail> precondition(PreconditionFailedException e) {
        var status = e.missing() ? HttpStatus.PRECONDITION_REQUIRED : HttpStatus.PRECONDITION_FAILED;
        var problem = problem(
                status,
                e.missing() ? "precondition-required" : "precondition-failed",
                e.missing() ? "problem.precondition-required.detail" : "problem.precondition-failed.detail");
        if (e.currentVersion() != null) {
            problem.setProperty("currentVersion", e.currentVersion());
        }
        return respond(problem);
    }

    @ExceptionHandler(ConsentRequiredException.class)
    ResponseEntity<ProblemDetail> consentRequired(ConsentRequiredException e) {
        var purpose = text("enum.ConsentPurpose." + e.purpose());
        var problem = problem(HttpStatus.CONFLICT, "consent-required", "problem.consent-required.detail", purpose);
        problem.setProperty("purpose", e.purpose());
        problem.setProperty("customerId", e.customerId());
        return respond(problem);
    }

    @ExceptionHandler(PossibleDuplicatesException.class)
    ResponseEntity<ProblemDetail> possibleDuplicates(PossibleDuplicatesException e) {
        var problem = problem(
                HttpStatus.CONFLICT,
                "possible-duplicates",
                "problem.possible-duplicates.detail",
                e.candidates().size());
        problem.setProperty("candidates", e.candidates());
        return respond(problem);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return respond(problem(HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden.detail"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(invalidParameter(e.getName()));
    }

    /** A parameter of the address whose value cannot be read, named in {@code parameter} and in {@code errors}. */
    private ProblemDetail invalidParameter(String name) {
        var problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "problem.invalid-parameter.detail", name);
        problem.setProperty("parameter", name);
        problem.setProperty(
                "errors",
                List.of(Map.of(
                        "field",
                        name,
                        "code",
                        "invalid-parameter",
                        "message",
                        text("problem.invalid-parameter.detail", name))));
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        var problem = problem(
                HttpStatus.BAD_REQUEST, "missing-parameter", "problem.missing-parameter.detail", ex.getParameterName());
        problem.setProperty("parameter", ex.getParameterName());
        problem.setProperty(
                "errors",
                List.of(Map.of(
                        "field", ex.getParameterName(), "code", "field.required", "message", text("field.required"))));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var name = ex.getPropertyName() == null ? "?" : ex.getPropertyName();
        return handleExceptionInternal(ex, invalidParameter(name), headers, status, request);
    }

    /**
     * Spring's own errors (a method not allowed, a content type not supported, …) as Dossier's problems in the
     * caller's language, with problem+json set so that they are sent whatever the request accepts.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (!(body instanceof ProblemDetail given)
                || given.getType() == null
                || !given.getType().toString().startsWith(TYPE_PREFIX)) {
            body = forStatus(statusCode.value());
        }
        var problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.handleExceptionInternal(ex, body, problemHeaders, statusCode, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException tooLarge) {
                return handleExceptionInternal(
                        ex,
                        problem(
                                HttpStatus.CONTENT_TOO_LARGE,
                                "too-large",
                                "problem.too-large.detail",
                                tooLarge.maxBytes()),
                        headers,
                        HttpStatus.CONTENT_TOO_LARGE,
                        request);
            }
        }
        var cause = ex.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            problem = problem(HttpStatus.BAD_REQUEST, "unknown-field", "problem.unknown-field.detail", path(unknown));
            problem.setProperty("field", path(unknown));
        } else if (cause instanceof DatabindException bind && !bind.getPath().isEmpty()) {
            problem = problem(HttpStatus.BAD_REQUEST, "wrong-type", "problem.wrong-type.detail", path(bind));
            problem.setProperty("field", path(bind));
        } else if (cause instanceof JacksonException) {
            problem = problem(HttpStatus.BAD_REQUEST, "malformed-json", "problem.malformed-json.detail");
        } else {
            problem = problem(HttpStatus.BAD_REQUEST, "malformed-json", "problem.unreadable.detail");
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // A query parameter bound into a filter record whose value cannot be read, as for a single parameter.
        var unreadable = ex.getBindingResult().getFieldErrors().stream()
                .filter(FieldError::isBindingFailure)
                .findFirst();
        if (unreadable.isPresent()) {
            return handleExceptionInternal(
                    ex, invalidParameter(unreadable.get().getField()), headers, HttpStatus.BAD_REQUEST, request);
        }
        var problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "validation", "problem.validation.detail");
        List<Map<String, Object>> errors = new ArrayList<>();
        ex.getBindingResult()
                .getFieldErrors()
                .forEach(error -> errors.add(Map.of(
                        "field", error.getField(),
                        "code", String.valueOf(error.getCode()),
                        "message", messages.getMessage(error, locale()))));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.UNPROCESSABLE_CONTENT, request);
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
