package dev.dossier.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import dev.dossier.support.OpenApiDocument;
import dev.dossier.support.TestUsers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Malformed requests against every operation of the OpenAPI document: bad ids in the path, values of the wrong type
 * or out of range in the query, bodies that are not JSON or have wrong types, unknown options, nulls and huge
 * numbers, wrong content types and accepted types, no token. None may answer 5xx, every error answer is RFC 9457
 * problem+json with type, title and status, in the caller's language, and every answer of an operation is one the
 * document declares for it.
 *
 * <p>The requests are generated in a fixed order from the document (one variant of each operation in turn, so that
 * all operations are covered early); sending stops at {@value #MAX_REQUESTS} requests or after
 * {@code dossier.fuzz.seconds} (60 by default), whichever comes first. The test runs in an application context of its
 * own, closed after it, so that what it changes or deletes touches no other test.
 */
@DossierTest
@TestPropertySource(properties = "dossier.test.context=api-fuzz")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ApiFuzzTest {

    private static final long SEED = 20261206L;
    private static final int MAX_REQUESTS = 20_000;
    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");

    @LocalServerPort
    int port;

    private final Random random = new Random(SEED);
    private ApiClient api;
    private JsonNode docs;
    private OpenApiDocument document;
    private String customerId;

    /** One request to send: what it is for the report, and how to build it. */
    record Probe(
            String label,
            String method,
            String path,
            String contentType,
            String body,
            String accept,
            boolean chinese,
            boolean anonymous) {}

    @Test
    void noMalformedRequestAnswers5xxOrAnErrorThatIsNotAProblem() {
        api = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var created = api.post(
                "/api/v1/customers", "{\"type\":\"COMPANY\",\"name\":\"Fuzz Ltd\",\"industry\":\"IT_SOFTWARE\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        customerId = created.json().get("id").asString();
        var answer = api.get("/v3/api-docs");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        docs = answer.json();
        document = new OpenApiDocument(docs);

        var perOperation = new ArrayList<List<Probe>>();
        for (var path : docs.get("paths").propertyNames()) {
            var item = docs.get("paths").get(path);
            for (var method : List.of("get", "post", "put", "patch", "delete")) {
                if (item.has(method)) {
                    perOperation.add(probes(method.toUpperCase(), path, item.get(method), item));
                }
            }
        }
        perOperation.add(general());
        assertThat(perOperation).as("operations in the OpenAPI document").hasSizeGreaterThan(50);

        var order = interleave(perOperation);
        var seconds = Long.getLong("dossier.fuzz.seconds", 60);
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(seconds).toNanos();
        int sent = 0;
        var failures = new LinkedHashMap<String, String>();
        int failed = 0;
        for (var probe : order) {
            if (sent >= MAX_REQUESTS || System.nanoTime() > deadline) {
                break;
            }
            sent++;
            var problem = check(probe);
            if (problem != null) {
                failed++;
                failures.putIfAbsent(
                        probe.method() + " " + template(probe) + " → " + problem.split(":")[0],
                        probe.label() + " " + probe.method() + " " + abbreviate(probe.path()) + " → " + problem);
            }
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.printf(
                "API fuzz: %d operations, %d requests generated, %d sent in %d ms, %d failed (%d kinds)%n",
                perOperation.size(), order.size(), sent, millis, failed, failures.size());
        failures.values().stream().limit(60).forEach(f -> System.out.println("  " + f));
        assertThat(sent).as("requests sent").isGreaterThan(1000);
        assertThat(failures.values())
                .as("answers that are 5xx, errors that are not problem+json, or answers the document does not declare")
                .isEmpty();
    }

    // ------------------------------------------------------------------ generation

    private List<Probe> probes(String method, String path, JsonNode operation, JsonNode item) {
        var out = new ArrayList<Probe>();
        var pathParams = new ArrayList<JsonNode>();
        var queryParams = new ArrayList<JsonNode>();
        for (var source : List.of(item.path("parameters"), operation.path("parameters"))) {
            for (var p : source) {
                var param = resolve(p);
                switch (param.path("in").asString("")) {
                    case "path" -> pathParams.add(param);
                    case "query" -> queryParams.add(param);
                    default -> {}
                }
            }
        }
        var good = fill(path, pathParams, Map.of());
        var body = operation.path("requestBody");
        var schema = body.isMissingNode()
                ? null
                : resolve(body.path("content").path("application/json").path("schema"));
        var goodBody = schema == null ? null : "{}";

        // Bad path values, one parameter at a time.
        for (var param : pathParams) {
            for (var bad : List.of(
                    "not-a-uuid",
                    "9".repeat(60),
                    "%00",
                    "..",
                    "%2e%2e",
                    "%0d%0a",
                    "-1",
                    "%ZZ",
                    "x%20y",
                    "a".repeat(3000),
                    "%E4%B8%AD",
                    "%c0%ae")) {
                out.add(probe(
                        "path " + param.path("name").asString(),
                        method,
                        fill(path, pathParams, Map.of(param.path("name").asString(), bad)),
                        goodBody,
                        "application/json"));
            }
        }
        // Bad query values, one parameter at a time.
        for (var param : queryParams) {
            var name = param.path("name").asString();
            for (var bad : badValues(resolve(param.path("schema")), name)) {
                out.add(probe(
                        "query " + name, method, good + "?" + name + "=" + encode(bad), goodBody, "application/json"));
            }
        }
        if (!queryParams.isEmpty()) {
            out.add(probe(
                    "query all",
                    method,
                    good + "?"
                            + String.join(
                                    "&",
                                    queryParams.stream()
                                            .map(p -> p.path("name").asString() + "=-999999999-01-01")
                                            .toList()),
                    goodBody,
                    "application/json"));
        }
        // Bad bodies.
        if (schema != null) {
            for (var bad : List.of(
                    "not json",
                    "{",
                    "[]",
                    "null",
                    "{}",
                    "\"text\"",
                    "42",
                    "{\"unknown\":1}",
                    "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
                    "\u0000",
                    "{\"x\":\"\\ud800\"}")) {
                out.add(probe("body", method, good, bad, "application/json"));
            }
            var properties = properties(schema);
            for (var entry : properties.entrySet()) {
                for (var value : badJson(entry.getValue())) {
                    out.add(probe(
                            "body." + entry.getKey(),
                            method,
                            good,
                            "{\"" + entry.getKey() + "\":" + value + "}",
                            "application/json"));
                }
            }
            out.add(probe(
                    "body all null",
                    method,
                    good,
                    "{"
                            + String.join(
                                    ",",
                                    properties.keySet().stream()
                                            .map(k -> "\"" + k + "\":null")
                                            .toList()) + "}",
                    "application/json"));
            out.add(probe(
                    "body all wrong",
                    method,
                    good,
                    "{"
                            + String.join(
                                    ",",
                                    properties.entrySet().stream()
                                            .map(e -> "\"" + e.getKey() + "\":" + wrongType(e.getValue()))
                                            .toList())
                            + "}",
                    "application/json"));
            for (var type : List.of(
                    "text/plain",
                    "application/xml",
                    "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x",
                    "application/json; charset=nope")) {
                out.add(probe("content type", method, good, "{}", type));
            }
        }
        // Accepted types the API does not produce, no token, a bad token, the other language, another method.
        out.add(new Probe(
                "accept",
                method,
                good,
                schema == null ? null : "application/json",
                goodBody,
                "image/png",
                false,
                false));
        out.add(new Probe(
                "accept",
                method,
                good,
                schema == null ? null : "application/json",
                goodBody,
                "text/html",
                true,
                false));
        out.add(new Probe("no token", method, good, null, null, "application/json", true, true));
        out.add(new Probe(
                "chinese",
                method,
                fill(path, pathParams, Map.of())
                        + (queryParams.isEmpty()
                                ? ""
                                : "?" + queryParams.getFirst().path("name").asString() + "=%00"),
                "application/json",
                "{",
                "application/json",
                true,
                false));
        out.add(probe("method", "PATCH".equals(method) ? "TRACE" : "PATCH", good, "{}", "application/json"));
        return out;
    }

    /** Requests about no operation: unknown paths and methods under /api/. */
    private List<Probe> general() {
        var out = new ArrayList<Probe>();
        for (var path : List.of(
                "/api/v1/nothing-here",
                "/api/v1/",
                "/api/",
                "/api/v2/customers",
                "/api/v1/customers/..%2f..%2fetc",
                "/api/v1/customers/%2e%2e/%2e%2e/",
                "/api/v1//customers",
                "/api/v1/customers;jsessionid=1",
                "/api/v1/customers/%0a",
                "/api/v1/customers%00",
                "/api/v1/customers/" + UUID.randomUUID() + "/nothing",
                "/api/v1/customers/\\..\\")) {
            for (var method : List.of("GET", "POST", "DELETE", "OPTIONS", "HEAD")) {
                out.add(new Probe(
                        "unknown",
                        method,
                        path,
                        "application/json",
                        "{}",
                        "application/json",
                        out.size() % 2 == 0,
                        false));
            }
        }
        return out;
    }

    private Probe probe(String label, String method, String path, String body, String contentType) {
        boolean sendsBody = !"GET".equals(method) && !"DELETE".equals(method) && body != null;
        return new Probe(
                label,
                method,
                path,
                sendsBody ? contentType : null,
                sendsBody ? body : null,
                "application/json",
                random.nextInt(4) == 0,
                false);
    }

    private List<String> badValues(JsonNode schema, String name) {
        var out = new ArrayList<String>(
                List.of("", "%00", "\u0000", "x".repeat(5000), "\u4e2d\u6587", "'; --", "${7*7}", "-999999999-01-01"));
        var type = type(schema);
        switch (type) {
            case "integer", "number" ->
                out.addAll(List.of(
                        "abc", "99999999999999999999", "-1", "0", "2147483648", "-2147483649", "1e309", "NaN", "1.5"));
            case "boolean" -> out.addAll(List.of("maybe", "2"));
            case "array" -> {
                out.addAll(badValues(resolve(schema.path("items")), name).stream()
                        .limit(12)
                        .toList());
                out.add("a,b,,c");
            }
            default -> {}
        }
        var format = schema.path("format").asString("");
        if (format.equals("uuid")) {
            out.addAll(List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g", UUID.randomUUID() + "x"));
        }
        if (format.startsWith("date")
                || name.equals("from")
                || name.equals("to")
                || name.contains("date")
                || name.endsWith("On")
                || name.endsWith("At")) {
            out.addAll(List.of(
                    "+999999999-12-31",
                    "0000-01-01",
                    "-0001-12-31",
                    "2024-13-45",
                    "2024-02-30",
                    "2024-02-29T25:61:00Z",
                    "+999999999-12-31T23:59:59Z",
                    "-999999999-01-01T00:00:00Z",
                    "9999-12-31",
                    "0001-01-01"));
        }
        if (schema.has("enum")) {
            out.addAll(List.of("NOPE", "customer", "\u00e9"));
        }
        if (name.toLowerCase().contains("cursor")) {
            out.addAll(List.of(
                    "!!!",
                    "AAAA",
                    "A",
                    cursor("x"),
                    cursor("2024-01-01T00:00:00Z|nope"),
                    cursor("+999999999-12-31T23:59:59Z|" + UUID.randomUUID()),
                    cursor("-999999999-01-01T00:00:00+18:00|" + UUID.randomUUID()),
                    cursor("2024-01-01T00:00:00Z"),
                    cursor("a\u001fb\u001fc\u001fd\u001fe\u001ff"),
                    cursor("\u001f"),
                    cursor("x\u001f" + UUID.randomUUID()),
                    cursor("+999999999-12-31T23:59:59Z\u001f" + UUID.randomUUID()),
                    cursor("-999999999-01-01T00:00:00Z\u001f" + UUID.randomUUID()),
                    cursor("URGENT\u001f+999999999-12-31T23:59:59Z\u001f" + UUID.randomUUID()),
                    cursor("9\u001f\u001f" + UUID.randomUUID()),
                    cursor("1e999"),
                    cursor("-9223372036854775809"),
                    cursor("9999999999999999999\u001f" + UUID.randomUUID()),
                    cursor("\u00ff\u00fe")));
        }
        if (name.equals("subject")) {
            out.addAll(List.of("customer:", "customer:x", ":", "nothing:" + UUID.randomUUID(), "customer"));
        }
        if (name.equals("sort") || name.equals("view") || name.equals("queue") || name.equals("granularity")) {
            out.addAll(List.of("NOPE", "-", "--name"));
        }
        if (name.equals("limit")) {
            out.addAll(List.of("-5", "0", "100000000"));
        }
        return out;
    }

    private static String cursor(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> badJson(JsonNode schema) {
        var out = new ArrayList<String>(List.of(
                "null",
                wrongType(schema),
                "{}",
                "[]",
                "1e309",
                "99999999999999999999999999",
                "-999999999999",
                "\"" + "x".repeat(20_000) + "\"",
                "true",
                "\"\\u0000\"",
                "\"-999999999-01-01\"",
                "\"+999999999-12-31T23:59:59Z\""));
        if (schema.has("enum") || schema.path("items").has("enum")) {
            out.addAll(List.of("\"NOPE\"", "[\"NOPE\"]", "\"\""));
        }
        if ("array".equals(type(schema))) {
            out.addAll(List.of("[null]", "[{}]", "[1e309]", "[\"\"]", "[[]]"));
        }
        if (schema.path("format").asString("").equals("uuid")) {
            out.addAll(List.of("\"not-a-uuid\"", "\"" + UUID.randomUUID() + "\""));
        }
        if (schema.path("format").asString("").startsWith("date")) {
            out.addAll(List.of(
                    "\"2024-13-45\"", "\"0000-01-01\"", "\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\""));
        }
        if (!properties(schema).isEmpty()) {
            var nested = properties(schema).keySet().iterator().next();
            out.add("{\"" + nested + "\":null}");
            out.add("{\"" + nested + "\":{}}");
        }
        return out;
    }

    private String wrongType(JsonNode schema) {
        return switch (type(schema)) {
            case "string" -> "12345";
            case "integer", "number" -> "\"many\"";
            case "boolean" -> "\"yes\"";
            case "array" -> "\"not a list\"";
            default -> "[1,2]";
        };
    }

    /** The path with its parameters filled: valid values, except those given. */
    private String fill(String path, List<JsonNode> params, Map<String, String> values) {
        var out = path;
        for (var param : params) {
            var name = param.path("name").asString();
            var value = values.get(name);
            if (value == null) {
                var schema = resolve(param.path("schema"));
                value = switch (type(schema)) {
                    case "integer", "number" -> "1";
                    default ->
                        schema.path("format").asString("").equals("uuid")
                                        || name.toLowerCase().endsWith("id")
                                ? (path.startsWith("/api/v1/customers/{id}") && name.equals("id")
                                                || name.equals("customerId")
                                        ? customerId
                                        : UUID.randomUUID().toString())
                                : "x";
                };
            }
            out = out.replace("{" + name + "}", value);
        }
        return out;
    }

    private Map<String, JsonNode> properties(JsonNode schema) {
        var out = new LinkedHashMap<String, JsonNode>();
        collect(resolve(schema), out, 0);
        return out;
    }

    private void collect(JsonNode schema, Map<String, JsonNode> out, int depth) {
        if (depth > 4) {
            return;
        }
        for (var name : schema.path("properties").propertyNames()) {
            out.putIfAbsent(name, resolve(schema.path("properties").get(name)));
        }
        for (var part : List.of("allOf", "oneOf", "anyOf")) {
            for (var sub : schema.path(part)) {
                collect(resolve(sub), out, depth + 1);
            }
        }
    }

    private JsonNode resolve(JsonNode node) {
        for (int i = 0; i < 10 && node.has("$ref"); i++) {
            var ref = node.get("$ref").asString();
            var at = docs;
            for (var part : ref.substring(2).split("/")) {
                at = at.path(part);
            }
            node = at;
        }
        return node;
    }

    private static String type(JsonNode schema) {
        var type = schema.path("type");
        if (type.isArray()) {
            for (var t : type) {
                if (!"null".equals(t.asString())) {
                    return t.asString();
                }
            }
        }
        return type.asString("");
    }

    /** One variant of each operation in turn, in the document's order. */
    private static List<Probe> interleave(List<List<Probe>> perOperation) {
        var out = new ArrayList<Probe>();
        int longest = perOperation.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (var probes : perOperation) {
                if (i < probes.size()) {
                    out.add(probes.get(i));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ checking

    /** What is wrong with the answer to a probe, or null. */
    private String check(Probe probe) {
        ApiClient.Answer answer;
        try {
            answer = send(probe);
        } catch (IllegalArgumentException e) {
            // The client cannot send this address at all (java.net.URI refuses it): nothing to check.
            return null;
        } catch (IllegalStateException e) {
            return "no answer: " + e.getCause();
        }
        var problem = problem(probe, answer);
        if (problem == null
                && document.operation(
                                probe.method(),
                                answer.response().request().uri().getRawPath())
                        != null) {
            problem = document.mismatch(answer);
        }
        return problem;
    }

    /** What is wrong with an answer whatever the document says: a 5xx, or an error that is not a problem. */
    private String problem(Probe probe, ApiClient.Answer answer) {
        int status = answer.status();
        if (status >= 500) {
            return status + ": " + abbreviate(answer.body());
        }
        if (status < 400 || !probe.path().startsWith("/api/") || "HEAD".equals(probe.method())) {
            return null;
        }
        var type = answer.header("Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return status + " not problem+json: " + type + " " + abbreviate(answer.body());
        }
        JsonNode json;
        try {
            json = answer.json();
        } catch (RuntimeException e) {
            return status + " body not JSON: " + abbreviate(answer.body());
        }
        if (!json.path("type").isString()
                || !json.path("title").isString()
                || json.path("status").asInt() != status) {
            return status + " problem without type, title or status: " + abbreviate(answer.body());
        }
        var title = json.path("title").asString();
        if (title.startsWith("problem.")) {
            return status + " untranslated title: " + title;
        }
        if (probe.chinese() && !CJK.matcher(title).find()) {
            return status + " title not in Chinese: " + title;
        }
        return null;
    }

    private ApiClient.Answer send(Probe probe) {
        var builder = HttpRequest.newBuilder(URI.create(api.url(probe.path())))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", probe.accept())
                .header("Accept-Language", probe.chinese() ? "zh-CN,zh;q=0.9" : "en");
        if (!probe.anonymous()) {
            builder.header("Authorization", "Bearer " + api.token());
        }
        if (probe.contentType() != null) {
            builder.header("Content-Type", probe.contentType());
        }
        var publisher = probe.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(probe.body());
        return api.send(builder.method(probe.method(), publisher).build());
    }

    private static String template(Probe probe) {
        var path = probe.path();
        int query = path.indexOf('?');
        var base = query < 0 ? path : path.substring(0, query);
        return base.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}") + " "
                + probe.label();
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        var line = text.replaceAll("\\s+", " ");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%2500", "%00");
    }
}
