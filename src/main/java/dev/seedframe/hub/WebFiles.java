package dev.seedframe.hub;

import dev.seedframe.domain.CancellationToken;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Fetching one file from the web by its address (a picture dragged from a browser names only its address): an
 * {@code http} or {@code https} GET that follows redirects, gives up after a stall, tries again after a cut
 * connection, and refuses an answer over a size limit without holding it.
 */
public final class WebFiles {

    /** How many tries a fetch gets. */
    static final int ATTEMPTS = 3;

    /**
     * A fetched file.
     *
     * @param bytes its content
     * @param name the last part of the address it came from (after redirects), or the host's name
     * @param contentType the server's {@code Content-Type}, or null
     */
    public record Fetched(byte[] bytes, String name, String contentType) {}

    private final HttpTransfer http;

    /** @param stall how long the server may send nothing before the fetch gives up */
    public WebFiles(Duration stall) {
        this.http = new HttpTransfer(stall, ATTEMPTS);
    }

    /** Fetches {@code uri}, refusing more than {@code limit} bytes. */
    public Fetched fetch(URI uri, long limit, CancellationToken cancel) throws HubException {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new HubException(HubException.Kind.INVALID, uri + " is not a web address (http or https)");
        }
        HttpTransfer.Exchanged ex = http.bytes(new HttpTransfer.Get(uri, Map.of(), uri.toString()), limit, cancel);
        return new Fetched(ex.body(), nameOf(ex.reply().uri()), ex.reply().header("Content-Type"));
    }

    /** The last part of the address's path, else its host. */
    static String nameOf(URI uri) {
        String path = uri.getPath();
        if (path != null) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            if (!last.isBlank()) {
                return last;
            }
        }
        return uri.getHost();
    }
}
