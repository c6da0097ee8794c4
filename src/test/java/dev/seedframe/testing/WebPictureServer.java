package dev.seedframe.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local web server for pictures dragged from a browser: files by path, redirects, an answer sent without its length
 * (chunked), and the faults of {@link LocalServer} per file.
 */
public final class WebPictureServer extends LocalServer<WebPictureServer> {

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, Boolean> chunked = new ConcurrentHashMap<>();

    public WebPictureServer() throws IOException {
        super("web-picture-server");
    }

    /** Serves {@code bytes} at {@code path} (with its length, and {@code Range}). */
    public WebPictureServer file(String path, byte[] bytes) {
        files.put(path, bytes);
        return this;
    }

    /** Serves {@code bytes} at {@code path} without saying their length first. */
    public WebPictureServer chunked(String path, byte[] bytes) {
        files.put(path, bytes);
        chunked.put(path, true);
        return this;
    }

    /** Redirects {@code from} to {@code to} (302). */
    public WebPictureServer redirect(String from, String to) {
        redirects.put(from, to);
        return this;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String to = redirects.get(path);
        if (to != null) {
            ex.getResponseHeaders().add("Location", to);
            ex.sendResponseHeaders(302, -1);
            ex.close();
            return;
        }
        byte[] body = files.get(path);
        if (body == null) {
            send(ex, 404, "text/plain", "not here".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } else if (chunked.containsKey(path)) {
            ex.getResponseHeaders().add("Content-Type", "image/png");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } else {
            ex.getResponseHeaders().add("Content-Type", "image/png");
            sendFile(ex, path, RangeResponder.Body.of(body));
        }
    }
}
