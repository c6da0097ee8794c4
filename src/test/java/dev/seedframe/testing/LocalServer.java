package dev.seedframe.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the tests' local download servers share: the JDK's HTTP server on an ephemeral port of 127.0.0.1, a log of the
 * requests received, and faults switched on per served file (the connection cut after N bytes, a stall, a byte
 * altered, a slow link, {@code Range} ignored), applied by {@link #sendFile}.
 *
 * @param <S> the server's own type, for chaining the fault setters
 */
public abstract class LocalServer<S extends LocalServer<S>> implements AutoCloseable {

    /** A request as received. */
    public record Seen(String method, String path, String range, String authorization) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> cutAfter = new ConcurrentHashMap<>();
    private final Map<String, Integer> cutsLeft = new ConcurrentHashMap<>();
    private final Map<String, Long> stallAfter = new ConcurrentHashMap<>();
    private final Map<String, Boolean> altered = new ConcurrentHashMap<>();
    private volatile long bytesPerSecond;
    private volatile boolean ignoreRange;

    protected LocalServer(String threadName) throws IOException {
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(),
                    ex.getRequestHeaders().getFirst("Range"), ex.getRequestHeaders().getFirst("Authorization")));
            try {
                handle(ex);
            } catch (IOException e) {
                ex.close();
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Answers one request. */
    protected abstract void handle(HttpExchange ex) throws IOException;

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    protected int port() {
        return server.getAddress().getPort();
    }

    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** Cuts the connection after {@code bytes} of the body of {@code file}, the next {@code times} times. */
    public S cut(String file, long bytes, int times) {
        cutAfter.put(file, bytes);
        cutsLeft.put(file, times);
        return self();
    }

    /** Sends {@code bytes} of {@code file} and then nothing. */
    public S stall(String file, long bytes) {
        stallAfter.put(file, bytes);
        return self();
    }

    /** Serves {@code file} with one byte changed (whatever hash the server states stays the true one). */
    public S alter(String file) {
        altered.put(file, true);
        return self();
    }

    public S throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return self();
    }

    public S ignoreRange(boolean ignore) {
        this.ignoreRange = ignore;
        return self();
    }

    /** Sends {@code file}'s {@code body} from the requested offset with the faults switched on for it. */
    protected void sendFile(HttpExchange ex, String file, RangeResponder.Body body) throws IOException {
        if (altered.containsKey(file)) {
            byte[] bytes = new byte[Math.toIntExact(body.length())];
            body.read(0, bytes, bytes.length);
            bytes[bytes.length / 2] ^= 0x5a;
            body = RangeResponder.Body.of(bytes);
        }
        long cut = -1;
        Integer left = cutsLeft.get(file);
        if (left != null && left > 0 && ex.getRequestMethod().equals("GET")) {
            cutsLeft.put(file, left - 1);
            cut = cutAfter.get(file);
        }
        RangeResponder.respond(ex, body, new RangeResponder.Faults(cut, stallAfter.getOrDefault(file, -1L),
                bytesPerSecond, ignoreRange));
    }

    /** A small whole answer. */
    protected static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
