package dev.dossier.shared;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What every operation of the REST API has in common, added to the OpenAPI document in one place rather than on each
 * handler: the RFC 9457 problem answers each kind of operation can give ({@link ApiProblems}), the rate-limit fields
 * of every answer, {@code Location} on each 201, the range of {@code limit}, and the list of tags.
 *
 * <p>Which problems an operation declares follows from what it takes: every operation can meet a bad request, a
 * missing or refused token, a record that is not there, an unacceptable {@code Accept}, invalid values, the rate
 * limit and a fault of the server; one with a body also a body too large or of the wrong type; one that changes
 * something a conflict; one that takes {@code If-Match} a failed precondition, and a missing one if it could have
 * sent the version in its body instead.
 */
final class ApiContract implements OpenApiCustomizer {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM = "Problem";
    private static final String FIELD_ERROR = "FieldError";
    private static final String RATE_LIMIT = "RateLimit";
    private static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    private static final String RETRY_AFTER = "Retry-After";
    private static final String LOCATION = "Location";
    private static final String ETAG = "ETag";
    private static final int DEFAULT_MAX_LIMIT = 200;

    /** A problem answer: its status, the name of its component and what it means. */
    private record Answer(int status, String name, String description) {}

    private static final List<Answer> ALWAYS = List.of(
            new Answer(
                    400,
                    "BadRequest",
                    "The request cannot be read: a malformed value or body, or a parameter "
                            + "of the wrong type, out of range or missing (named in parameter and errors)."),
            new Answer(401, "Unauthorized", "No token, or an invalid, expired or revoked one."),
            new Answer(
                    403,
                    "Forbidden",
                    "The caller's role does not allow this, or the password must be changed " + "first."),
            new Answer(404, "NotFound", "No such record."),
            new Answer(406, "NotAcceptable", "Accept lists no type the API produces."),
            new Answer(
                    422,
                    "UnprocessableContent",
                    "Invalid fields or parameters, listed in errors. Nothing was " + "saved."),
            new Answer(
                    429,
                    "TooManyRequests",
                    "Over the rate limit of the token or the client address; "
                            + "Retry-After says when to try again. Nothing was done."),
            new Answer(500, "ServerError", "A fault of the server. Nothing was saved."));
    private static final List<Answer> WITH_BODY = List.of(
            new Answer(413, "ContentTooLarge", "A body over 1 MiB."),
            new Answer(415, "UnsupportedMediaType", "A body that is not application/json."));
    private static final List<Answer> CHANGING = List.of(new Answer(
            409,
            "Conflict",
            "The record changed since it was read (currentVersion says to which "
                    + "version), or its state does not allow this (reason says why)."));
    private static final List<Answer> CONDITIONAL = List.of(
            new Answer(412, "PreconditionFailed", "If-Match does not match the current version."),
            new Answer(428, "PreconditionRequired", "Neither If-Match nor version was sent."));

    @Override
    public void customise(OpenAPI openApi) {
        var components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.components(components);
        addComponents(components);
        var tags = new TreeMap<String, Tag>();
        if (openApi.getTags() != null) {
            openApi.getTags().forEach(tag -> tags.put(tag.getName(), tag));
        }
        if (openApi.getPaths() != null) {
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        describe(method, operation);
                        tagVersions(item, method, operation);
                        if (operation.getTags() != null) {
                            operation.getTags().forEach(name -> tags.putIfAbsent(name, new Tag().name(name)));
                        }
                    }));
        }
        openApi.tags(new ArrayList<>(tags.values()));
    }

    private static void describe(PathItem.HttpMethod method, Operation operation) {
        var responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.responses(responses);
        responses.forEach((code, response) -> {
            if (code.startsWith("2")) {
                response.addHeaderObject(RATE_LIMIT, ref(Header.class, RATE_LIMIT));
                response.addHeaderObject(RATE_LIMIT_POLICY, ref(Header.class, RATE_LIMIT_POLICY));
                if ("201".equals(code)) {
                    response.addHeaderObject(LOCATION, ref(Header.class, LOCATION));
                }
            }
        });
        var answers = new ArrayList<>(ALWAYS);
        if (operation.getRequestBody() != null) {
            answers.addAll(WITH_BODY);
        }
        if (method != PathItem.HttpMethod.GET) {
            answers.addAll(CHANGING);
        }
        var parameters = operation.getParameters() == null
                ? List.<io.swagger.v3.oas.models.parameters.Parameter>of()
                : operation.getParameters();
        if (parameters.stream().anyMatch(p -> "header".equals(p.getIn()) && "If-Match".equalsIgnoreCase(p.getName()))) {
            answers.add(CONDITIONAL.getFirst());
            if (operation.getRequestBody() != null) {
                // Without a body there is no version to send instead, and the current one is taken.
                answers.add(CONDITIONAL.getLast());
            }
        }
        for (var answer : answers) {
            responses.putIfAbsent(
                    String.valueOf(answer.status()), new ApiResponse().$ref("#/components/responses/" + answer.name()));
        }
        responses.forEach((code, response) -> {
            if (code.matches("[45]\\d\\d") && response.get$ref() == null) {
                // An answer the handler describes itself: keep its words, give it the problem's form.
                response.content(problemContent()).headers(null);
                addRateLimitHeaders(response);
            }
        });
        var ordered = new ApiResponses();
        responses.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> ordered.addApiResponse(e.getKey(), e.getValue()));
        operation.responses(ordered);
        parameters.stream()
                .filter(p -> "query".equals(p.getIn()) && "limit".equals(p.getName()) && p.getSchema() != null)
                .forEach(p -> {
                    var schema = p.getSchema();
                    if (schema.getMinimum() == null) {
                        schema.setMinimum(BigDecimal.ONE);
                    }
                    if (schema.getMaximum() == null) {
                        schema.setMaximum(BigDecimal.valueOf(DEFAULT_MAX_LIMIT));
                    }
                    if (p.getDescription() == null) {
                        p.description("Items a page at most; a value out of range is taken as the nearest bound");
                    }
                });
    }

    /**
     * A resource whose changes take {@code If-Match} names its version in an {@code ETag}: on what a read of it and a
     * conditional change of it answer.
     */
    private static void tagVersions(PathItem item, PathItem.HttpMethod method, Operation operation) {
        var versioned = item.readOperations().stream().anyMatch(ApiContract::takesIfMatch);
        if (!versioned || (method != PathItem.HttpMethod.GET && !takesIfMatch(operation))) {
            return;
        }
        var ok = operation.getResponses().get("200");
        if (ok != null && ok.get$ref() == null) {
            ok.addHeaderObject(ETAG, ref(Header.class, ETAG));
        }
    }

    private static boolean takesIfMatch(Operation operation) {
        return operation.getParameters() != null
                && operation.getParameters().stream()
                        .anyMatch(p -> "header".equals(p.getIn()) && "If-Match".equalsIgnoreCase(p.getName()));
    }

    private static void addComponents(Components components) {
        components.addSchemas(
                FIELD_ERROR,
                new ObjectSchema()
                        .description("One field that is wrong, and why")
                        .addProperty(
                                "field",
                                new StringSchema()
                                        .description("The field's path in the body, or the "
                                                + "parameter's name: phones[0].number"))
                        .addProperty(
                                "code", new StringSchema().description("What is wrong, for programs: field.required"))
                        .addProperty(
                                "message",
                                new StringSchema()
                                        .description(
                                                "What is wrong, for people, in the " + "language of Accept-Language"))
                        .required(List.of("field", "code", "message")));
        components.addSchemas(
                PROBLEM,
                new ObjectSchema()
                        .description("An RFC 9457 problem. Members other than those listed may be added.")
                        .addProperty(
                                "type",
                                new StringSchema()
                                        .format("uri")
                                        .description("The kind of problem: " + ApiProblems.TYPE_PREFIX + "not-found, …")
                                        .example(ApiProblems.TYPE_PREFIX + "validation"))
                        .addProperty(
                                "title",
                                new StringSchema()
                                        .description("The kind of problem in words, in the "
                                                + "language of Accept-Language"))
                        .addProperty(
                                "status",
                                new IntegerSchema()
                                        .minimum(BigDecimal.valueOf(400))
                                        .maximum(BigDecimal.valueOf(599))
                                        .description("The HTTP status"))
                        .addProperty("detail", new StringSchema().description("What went wrong with this request"))
                        .addProperty(
                                "instance",
                                new StringSchema().format("uri-reference").description("The path of the request"))
                        .addProperty(
                                "errors",
                                new ArraySchema()
                                        .items(ref(Schema.class, FIELD_ERROR))
                                        .description(
                                                "The fields that are wrong (validation, invalid or missing parameters)"))
                        .addProperty("parameter", new StringSchema().description("The parameter that cannot be read"))
                        .addProperty(
                                "field",
                                new StringSchema()
                                        .description("The field of the body that is unknown or " + "of the wrong type"))
                        .addProperty(
                                "currentVersion",
                                new IntegerSchema()
                                        .description("The record's current version, " + "when the one sent is stale"))
                        .addProperty(
                                "from", new StringSchema().description("A case transition refused: the case's state"))
                        .addProperty(
                                "to",
                                new StringSchema().description("A case transition refused: the state asked " + "for"))
                        .addProperty("reason", new StringSchema().description("A case transition refused: why"))
                        .addProperty(
                                "purpose", new StringSchema().description("A consent that is missing: its purpose"))
                        .addProperty(
                                "customerId",
                                new StringSchema()
                                        .format("uuid")
                                        .description("A consent that is missing: the customer's id"))
                        .required(List.of("type", "title", "status")));
        components.addHeaders(
                RATE_LIMIT,
                new Header()
                        .description(
                                "Where the caller stands: \"token\";r=597;t=1 "
                                        + "(r requests left, t seconds until the budget is full again); draft-ietf-httpapi-ratelimit-headers")
                        .schema(new StringSchema())
                        .example("\"token\";r=597;t=1"));
        components.addHeaders(
                RATE_LIMIT_POLICY,
                new Header()
                        .description(
                                "The caller's budget: \"token\" or " + "\"address\", q requests a window of w seconds")
                        .schema(new StringSchema())
                        .example("\"token\";q=600;w=60"));
        components.addHeaders(
                RETRY_AFTER,
                new Header()
                        .description("Seconds until the next request is allowed")
                        .schema(new IntegerSchema().minimum(BigDecimal.ONE))
                        .example(6));
        components.addHeaders(
                ETAG,
                new Header()
                        .description("The version of what is answered, to send back in If-Match with a change of it")
                        .schema(new StringSchema())
                        .example("\"3\""));
        components.addHeaders(
                LOCATION,
                new Header()
                        .description("The address of what was created")
                        .schema(new StringSchema().format("uri-reference")));
        var answers = new LinkedHashMap<String, Answer>();
        for (var list : List.of(ALWAYS, WITH_BODY, CHANGING, CONDITIONAL)) {
            list.forEach(answer -> answers.putIfAbsent(answer.name(), answer));
        }
        answers.values().stream()
                .sorted(Comparator.comparingInt(Answer::status))
                .forEach(answer -> {
                    var response =
                            new ApiResponse().description(answer.description()).content(problemContent());
                    addRateLimitHeaders(response);
                    if (answer.status() == 429) {
                        response.addHeaderObject(RETRY_AFTER, ref(Header.class, RETRY_AFTER));
                    }
                    components.addResponses(answer.name(), response);
                });
    }

    private static void addRateLimitHeaders(ApiResponse response) {
        response.addHeaderObject(RATE_LIMIT, ref(Header.class, RATE_LIMIT));
        response.addHeaderObject(RATE_LIMIT_POLICY, ref(Header.class, RATE_LIMIT_POLICY));
    }

    private static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(ref(Schema.class, PROBLEM)));
    }

    @SuppressWarnings("unchecked")
    private static <T> T ref(Class<T> type, String name) {
        if (type == Header.class) {
            return (T) new Header().$ref("#/components/headers/" + name);
        }
        return (T) new Schema<>().$ref("#/components/schemas/" + name);
    }
}
