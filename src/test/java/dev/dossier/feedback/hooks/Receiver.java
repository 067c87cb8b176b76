package dev.dossier.feedback.hooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on a free port of the loopback address: it keeps every request and answers 500 to the first
 * {@code failuresPerDelivery} attempts of each delivery (told apart by X-Dossier-Delivery), 200 afterwards.
 */
public final class Receiver implements AutoCloseable {

    /**
     * A request as received.
     *
     * @param headers the headers that matter (lower-case names)
     * @param body the body
     * @param answered the status answered
     */
    public record Received(Map<String, String> headers, String body, int answered) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile int failuresPerDelivery;

    public Receiver(int failuresPerDelivery) {
        this.failuresPerDelivery = failuresPerDelivery;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = new java.util.HashMap<String, String>();
            for (var name : List.of(
                    "X-Dossier-Event",
                    "X-Dossier-Delivery",
                    "X-Dossier-Timestamp",
                    "X-Dossier-Signature",
                    "Content-Type")) {
                var value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
                }
            }
            var delivery = headers.getOrDefault("x-dossier-delivery", "");
            int attempt =
                    attempts.computeIfAbsent(delivery, d -> new AtomicInteger()).incrementAndGet();
            int status = attempt <= this.failuresPerDelivery ? 500 : 200;
            received.add(new Received(Map.copyOf(headers), body, status));
            var answer = (status == 200 ? "ok" : "broken").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> of(String event) {
        return received.stream()
                .filter(r -> event.equals(r.header("X-Dossier-Event")))
                .toList();
    }

    public void failuresPerDelivery(int failures) {
        this.failuresPerDelivery = failures;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
