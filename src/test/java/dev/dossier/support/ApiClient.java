package dev.dossier.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the REST API of a running test server: raw bodies in, JSON out. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String token;
    private Consumer<Answer> observer = answer -> {};

    public ApiClient(int port) {
        this.base = "http://localhost:" + port;
    }

    /**
     * An answer: status, headers and body.
     *
     * @param status HTTP status
     * @param response the whole response
     * @param body the body as text
     */
    public record Answer(int status, HttpResponse<String> response, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    /** Issues a personal token with HTTP Basic and uses it for every later call. */
    public ApiClient signIn(String username, String password) {
        var answer = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                .header("Authorization", basic(username, password))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"test\"}"))
                .build());
        if (answer.status() != 201) {
            throw new IllegalStateException(
                    "Could not sign in " + username + ": " + answer.status() + " " + answer.body());
        }
        token = answer.json().get("token").asString();
        return this;
    }

    public ApiClient withToken(String token) {
        this.token = token;
        return this;
    }

    /** Hands every later answer to {@code observer} as well, to check it against the OpenAPI document. */
    public ApiClient observe(Consumer<Answer> observer) {
        this.observer = observer;
        return this;
    }

    public String token() {
        return token;
    }

    public Answer get(String path) {
        return send(request(path).GET().build());
    }

    public Answer post(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public Answer put(String path, String json, String ifMatch) {
        var builder = request(path).header("Content-Type", "application/json");
        if (ifMatch != null) {
            builder.header("If-Match", ifMatch);
        }
        return send(builder.PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Answer delete(String path) {
        return send(request(path).DELETE().build());
    }

    /** Any request, for cases the helpers above do not cover. */
    public Answer send(HttpRequest request) {
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            var answer = new Answer(response.statusCode(), response, response.body());
            observer.accept(answer);
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A download: the body as bytes, in the language given ({@code en}, {@code zh-CN}). */
    public HttpResponse<byte[]> download(String path, String language) {
        try {
            return http.send(
                    request(path)
                            .setHeader("Accept", "*/*")
                            .header("Accept-Language", language)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    public String url(String path) {
        return base + path;
    }

    public static String basic(String username, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
