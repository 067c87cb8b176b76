package dev.dossier.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document as a test reads it: which operation a request reached (path template and method), and whether
 * the answer it got is one the document declares for that operation.
 */
public final class OpenApiDocument {

    private final JsonNode document;
    private final List<Template> templates = new ArrayList<>();

    /** A path of the document as a pattern; more literal segments win over fewer where several match. */
    private record Template(String path, Pattern pattern, int literals) {}

    public OpenApiDocument(JsonNode document) {
        this.document = document;
        for (var path : document.get("paths").propertyNames()) {
            var regex = new StringBuilder("^");
            int literals = 0;
            for (var segment : path.substring(1).split("/", -1)) {
                regex.append('/');
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    regex.append("[^/]+");
                } else {
                    regex.append(Pattern.quote(segment));
                    literals++;
                }
            }
            templates.add(new Template(path, Pattern.compile(regex.append('$').toString()), literals));
        }
        templates.sort(Comparator.comparingInt(Template::literals).reversed());
    }

    /** Fetches the document from a running server. */
    public static OpenApiDocument of(int port) {
        var answer = new ApiClient(port).get("/v3/api-docs");
        if (answer.status() != 200) {
            throw new IllegalStateException("No OpenAPI document: " + answer.status() + " " + answer.body());
        }
        return new OpenApiDocument(answer.json());
    }

    /** The operation a request reached, as {@code METHOD /template}, or null if the document has none there. */
    public String operation(String method, String rawPath) {
        var template = template(rawPath);
        return template == null || operationNode(method, template).isMissingNode()
                ? null
                : method.toUpperCase(Locale.ROOT) + " " + template;
    }

    /**
     * What is wrong with an answer by the document: a status it does not declare for the operation, a problem
     * that is not problem+json, a body of an undeclared type, a 201 without {@code Location}, a 204 with a body.
     * Null when the answer is as declared, or when the request reached no operation and was refused for that (404,
     * 405).
     */
    public String mismatch(ApiClient.Answer answer) {
        var request = answer.response().request();
        var method = request.method();
        var path = request.uri().getRawPath();
        int status = answer.status();
        if (!path.startsWith("/api/") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return null;
        }
        var template = template(path);
        var operation = template == null ? null : operationNode(method, template);
        if (operation == null || operation.isMissingNode()) {
            return status == 404 || status == 405
                    ? null
                    : method + " " + path + " answered " + status + " but the document has no such operation";
        }
        var where = method + " " + template + " answered " + status;
        var responses = operation.path("responses");
        var declared = responses.path(String.valueOf(status));
        if (declared.isMissingNode()) {
            declared = responses.path(status / 100 + "XX");
        }
        if (declared.isMissingNode()) {
            declared = responses.path("default");
        }
        if (declared.isMissingNode()) {
            return where + ", which the document does not declare (it declares "
                    + String.join(", ", responses.propertyNames()) + ")";
        }
        declared = resolve(declared);
        var type = mediaType(answer.header("Content-Type"));
        var body = answer.body() == null ? "" : answer.body();
        if (status >= 400) {
            if (!"application/problem+json".equals(type)) {
                return where + " with " + type + " instead of application/problem+json";
            }
            if (!declared.path("content").has("application/problem+json")) {
                return where + ", declared without application/problem+json";
            }
            return null;
        }
        if (status == 204) {
            return body.isEmpty() ? null : where + " with a body";
        }
        if (status == 201 && answer.header("Location") == null) {
            return where + " without Location";
        }
        if (!body.isEmpty()
                && !declared.path("content").has(type)
                && !declared.path("content").has("*/*")) {
            return where + " with " + type + ", which is not among "
                    + declared.path("content").propertyNames();
        }
        return null;
    }

    private String template(String rawPath) {
        return templates.stream()
                .filter(t -> t.pattern().matcher(rawPath).matches())
                .map(Template::path)
                .findFirst()
                .orElse(null);
    }

    private JsonNode operationNode(String method, String template) {
        return document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
    }

    private JsonNode resolve(JsonNode node) {
        for (int i = 0; i < 10 && node.has("$ref"); i++) {
            var at = document;
            for (var part : node.get("$ref").asString().substring(2).split("/")) {
                at = at.path(part);
            }
            node = at;
        }
        return node;
    }

    private static String mediaType(String contentType) {
        return contentType == null ? null : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }
}
