package dev.dossier.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every answer under {@code /api/} that is an error is RFC 9457 problem+json in the caller's language, whoever
 * produced it: a handler, Spring (no such path, method, type), Spring Security's firewall or Tomcat itself (a
 * request line or header too long, {@code %00}). Sent over raw sockets to the real server, because a mock of the
 * servlet container cannot see Tomcat's own errors. Pages show the error page instead.
 */
@DossierTest
@AutoConfigureMockMvc
class ErrorResponsesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService userDetails;

    private String token;

    /** A raw HTTP answer. */
    record Raw(int status, Map<String, String> headers, String body) {

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    @BeforeEach
    void signIn() {
        token = new ApiClient(port)
                .signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD)
                .token();
    }

    // ------------------------------------------------------------------ Tomcat's own errors

    @Test
    void aNulInTheAddressIsAProblemOnTheApiAndTheErrorPageElsewhere() throws IOException {
        var api = send("GET /api/v1/customers/%00 HTTP/1.1", "Accept-Language: zh-CN");
        assertProblem(api, 400, "bad-request");
        assertThat(api.json().get("title").asString()).isEqualTo("请求无效");

        var page = send("GET /customers/%00 HTTP/1.1", "Accept-Language: en");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body())
                .contains("class=\"card narrow\"", "/css/dossier.css", "Bad request")
                .doesNotContain("Apache Tomcat");
    }

    @Test
    void aBrokenEscapeIsAProblem() throws IOException {
        assertProblem(send("GET /api/v1/customers/%c0%ae HTTP/1.1"), 400, "bad-request");
    }

    @Test
    void aRequestLineTooLongIsAProblem() throws IOException {
        var answer = send("GET /api/v1/customers?q=" + "x".repeat(20_000) + " HTTP/1.1");
        assertThat(answer.status()).isBetween(400, 431);
        assertProblem(answer, answer.status(), null);
    }

    @Test
    void headersTooLargeAreAProblem() throws IOException {
        var answer = send("GET /api/v1/customers HTTP/1.1", "X-Padding: " + "x".repeat(20_000));
        assertThat(answer.status()).isBetween(400, 431);
        assertProblem(answer, answer.status(), null);
    }

    // ------------------------------------------------------------------ Spring Security and Spring MVC

    @Test
    void aRequestTheFirewallRefusesIsAProblem() throws IOException {
        assertProblem(send("GET /api/v1/customers/%2e%2e/customers HTTP/1.1", auth()), 400, "bad-request");
        assertProblem(send("GET /api/v1/customers/%0d%0a HTTP/1.1", auth()), 400, "bad-request");
    }

    @Test
    void anUnknownApiPathIsANotFoundProblemInTheCallersLanguage() throws IOException {
        var english = send("GET /api/v1/nothing-here HTTP/1.1", auth(), "Accept-Language: en");
        assertProblem(english, 404, "not-found");
        assertThat(english.json().get("title").asString()).isEqualTo("Not found");
        var chinese = send("GET /api/v1/nothing-here HTTP/1.1", auth(), "Accept-Language: zh-CN,zh;q=0.9");
        assertProblem(chinese, 404, "not-found");
        assertThat(chinese.json().get("title").asString()).isEqualTo("未找到");
    }

    @Test
    void aMethodNotAllowedIsAProblemWithAllow() throws IOException {
        var answer = send(
                "PATCH /api/v1/customers HTTP/1.1",
                auth(),
                "Content-Type: application/json",
                "Content-Length: 2",
                "",
                "{}");
        assertProblem(answer, 405, "method-not-allowed");
        assertThat(answer.headers().get("allow")).contains("GET", "POST");
    }

    @Test
    void anAcceptedTypeTheApiCannotProduceStillGetsAProblemBody() throws IOException {
        var answer = send("GET /api/v1/customers HTTP/1.1", auth(), "Accept: image/png");
        assertProblem(answer, 406, "not-acceptable");
        var timeline =
                send("GET /api/v1/customers/" + UUID.randomUUID() + "/timeline HTTP/1.1", auth(), "Accept: image/png");
        assertProblem(timeline, 406, "not-acceptable");
    }

    @Test
    void aBodyOfAnUnsupportedTypeIsAProblem() throws IOException {
        var answer = send(
                "POST /api/v1/customers HTTP/1.1",
                auth(),
                "Content-Type: text/plain",
                "Content-Length: 5",
                "",
                "hello");
        assertProblem(answer, 415, "unsupported-media-type");
    }

    @Test
    void aBodyTooLargeIsAProblemInTheCallersLanguage() throws IOException {
        var answer = send(
                "POST /api/v1/customers HTTP/1.1",
                auth(),
                "Content-Type: application/json",
                "Content-Length: 2000000",
                "Accept-Language: zh-CN");
        assertProblem(answer, 413, "too-large");
        assertThat(answer.json().get("title").asString()).isEqualTo("请求体过大");
    }

    @Test
    void theSecurityChainsRefusalsAreProblems() throws IOException {
        assertProblem(send("GET /api/v1/customers HTTP/1.1"), 401, "unauthorized");
        assertProblem(send("GET /api/v1/customers HTTP/1.1", "Authorization: Bearer nope"), 401, "unauthorized");
    }

    // ------------------------------------------------------------------ bad values at their source

    @Test
    void aMalformedTimelineCursorIsABadRequestOnTheApiAndThePage() throws Exception {
        var customer = customer();
        for (var cursor : new String[] {
            "!!!",
            "AAAA",
            Base64.getUrlEncoder()
                    .encodeToString(
                            ("+999999999-12-31T23:59:59Z|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
        }) {
            var api = send("GET /api/v1/customers/" + customer + "/timeline?cursor=" + cursor + " HTTP/1.1", auth());
            assertProblem(api, 400, "invalid-value");
            var page = mvc.perform(get("/customers/" + customer + "/timeline")
                            .param("cursor", cursor)
                            .with(user(userDetails.loadUserByUsername(TestUsers.ADMIN)))
                            .locale(Locale.ENGLISH))
                    .andReturn();
            assertThat(page.getResponse().getStatus()).isEqualTo(400);
            assertThat(page.getModelAndView().getViewName()).isEqualTo("error");
        }
    }

    @Test
    void aDateOutsideTheYearsOneTo9999IsABadRequestOnTheServiceReport() throws Exception {
        for (var date : new String[] {"-999999999-01-01", "+999999999-12-31", "0000-12-31", "10000-01-01"}) {
            var api = send("GET /api/v1/reports/service?from=" + date.replace("+", "%2B") + " HTTP/1.1", auth());
            assertProblem(api, 400, "invalid-parameter");
            assertThat(api.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
            var page = mvc.perform(get("/reports/service")
                            .param("to", date)
                            .with(user(userDetails.loadUserByUsername(TestUsers.ADMIN)))
                            .locale(Locale.ENGLISH))
                    .andReturn();
            assertThat(page.getResponse().getStatus()).isEqualTo(400);
        }
        var edge = send("GET /api/v1/reports/service?from=0001-01-01&to=0001-12-31 HTTP/1.1", auth());
        assertThat(edge.status()).as(edge.body()).isEqualTo(200);
        var last = send("GET /api/v1/reports/service?from=9999-01-01&to=9999-12-31 HTTP/1.1", auth());
        assertThat(last.status()).as(last.body()).isEqualTo(200);
    }

    @Test
    void anOpeningTimeOutsideTheYearsOneTo9999IsABadRequest() throws IOException {
        var answer = send("GET /api/v1/sla-policies/match?openedAt=%2B999999999-12-31T23:59:59Z HTTP/1.1", auth());
        assertProblem(answer, 400, "invalid-parameter");
    }

    @Test
    void aNewTemplateWithASectionIdIsAFieldError() throws IOException {
        var body = "{\"name\":\"Visit " + UUID.randomUUID() + "\",\"sections\":[{\"id\":\"" + UUID.randomUUID()
                + "\",\"title\":\"Findings\"}]}";
        var answer = send(
                "POST /api/v1/note-templates HTTP/1.1",
                auth(),
                "Content-Type: application/json",
                "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length,
                "",
                body);
        assertProblem(answer, 422, "validation");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("sections[0].id");
        assertThat(answer.json().get("errors").get(0).get("code").asString())
                .isEqualTo("note.template.section.unknown");
    }

    @Test
    void aTemplateChangeWithANullSectionIsAFieldError() throws IOException {
        var templates = JSON.readTree(
                send("GET /api/v1/note-templates HTTP/1.1", auth()).body());
        var template = templates.get(0);
        var body = "{\"version\":" + template.get("version").asInt() + ",\"name\":\"x\",\"sections\":[null]}";
        var answer = send(
                "PUT /api/v1/note-templates/" + template.get("id").asString() + " HTTP/1.1",
                auth(),
                "Content-Type: application/json",
                "Content-Length: " + body.length(),
                "",
                body);
        assertProblem(answer, 422, "validation");
    }

    @Test
    void aMalformedNotificationsCursorIsABadRequest() throws IOException {
        var cursor = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("x\u001f" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        assertProblem(send("GET /api/v1/notifications?cursor=" + cursor + " HTTP/1.1", auth()), 400, "invalid-value");
    }

    @Test
    void aCursorTimeOutsideTheYearsOneTo9999IsABadRequest() throws IOException {
        var cursor = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        ("+999999999-12-31T23:59:59Z\u001f" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        assertProblem(send("GET /api/v1/notifications?cursor=" + cursor + " HTTP/1.1", auth()), 400, "invalid-value");
        assertProblem(
                send("GET /api/v1/webhooks/deliveries?cursor=" + cursor + " HTTP/1.1", auth()), 400, "invalid-value");
    }

    /** PostgreSQL cannot store a NUL character: text that holds one is refused before it reaches the database. */
    @Test
    void aNulInAParameterOrAJsonStringIsABadRequest() throws Exception {
        assertProblem(send("GET /api/v1/products?q=a%00b HTTP/1.1", auth()), 400, "invalid-value");
        assertProblem(send("GET /api/v1/cases?category=%00 HTTP/1.1", auth()), 400, "invalid-value");
        var body = "{\"term\":\"a\\u0000b\",\"category\":\"x\"}";
        var answer = send(
                "POST /api/v1/terms HTTP/1.1",
                auth(),
                "Content-Type: application/json",
                "Content-Length: " + body.length(),
                "",
                body);
        assertProblem(answer, 400, "wrong-type");
        assertThat(answer.json().get("field").asString()).isEqualTo("term");
        var page = mvc.perform(get("/customers")
                        .param("q", "a\u0000b")
                        .with(user(userDetails.loadUserByUsername(TestUsers.ADMIN)))
                        .locale(Locale.ENGLISH))
                .andReturn();
        assertThat(page.getResponse().getStatus()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ helpers

    private String customer() throws IOException {
        var body = "{\"type\":\"COMPANY\",\"name\":\"Errors " + UUID.randomUUID() + "\",\"industry\":\"IT_SOFTWARE\"}";
        var answer = send(
                "POST /api/v1/customers HTTP/1.1",
                auth(),
                "Content-Type: application/json",
                "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length,
                "",
                body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private String auth() {
        return "Authorization: Bearer " + token;
    }

    private static void assertProblem(Raw answer, int status, String kind) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.body()).startsWith("application/problem+json");
        var json = answer.json();
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("title").asString()).isNotBlank().doesNotStartWith("problem.");
        assertThat(json.get("type").asString()).startsWith(ApiProblems.TYPE_PREFIX);
        if (kind != null) {
            assertThat(json.get("type").asString()).isEqualTo(ApiProblems.TYPE_PREFIX + kind);
        }
    }

    /**
     * Sends a request line and headers as they are written (and, after an empty line, a body), with the host and
     * {@code Connection: close}; reads the whole answer.
     */
    private Raw send(String requestLine, String... lines) throws IOException {
        var request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\nConnection: close\r\n");
        boolean body = false;
        for (var line : lines) {
            if (line.isEmpty()) {
                body = true;
                request.append("\r\n");
                continue;
            }
            request.append(line).append(body ? "" : "\r\n");
        }
        if (!body) {
            request.append("\r\n");
        }
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            // Nothing more comes: a server still waiting for a body that was announced and not sent sees its end.
            socket.shutdownOutput();
            return parse(socket.getInputStream());
        }
    }

    private static Raw parse(InputStream in) throws IOException {
        var all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (java.net.SocketException e) {
            // Tomcat may reset the connection after answering a request it could not read.
        }
        var bytes = all.toByteArray();
        var text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("an answer with headers: " + text).isPositive();
        var head = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        var headers = new LinkedHashMap<String, String>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.merge(
                    head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    head[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        var rest = new String(bytes, end + 4, bytes.length - end - 4, StandardCharsets.UTF_8);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(rest);
        }
        return new Raw(status, headers, rest);
    }

    private static String dechunk(String chunked) {
        var out = new StringBuilder();
        int at = 0;
        var bytes = chunked.getBytes(StandardCharsets.UTF_8);
        var data = new String(bytes, StandardCharsets.ISO_8859_1);
        while (at < data.length()) {
            int eol = data.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(data.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(data, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return new String(out.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
