package dev.seedframe.hub;

import dev.seedframe.domain.CancellationToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP as a download needs it, on the JDK's client: redirects followed by hand (an {@code Authorization} header is
 * not sent on to another host, as {@code requests} does for the Hub's CDN redirects), a stall timeout over the whole
 * exchange (the client's own timeout ends at the headers), cancellation, and files that resume with {@code Range}
 * after a cut connection, fed to a hash as they arrive.
 */
final class HttpTransfer {

    /** How often a waiting transfer looks at the cancel token and the stall clock. */
    private static final long POLL_MILLIS = 100;

    private static final int MAX_REDIRECTS = 10;

    /** Text answers (JSON metadata, file lists) larger than this are refused. */
    static final long MAX_TEXT_BYTES = 64L << 20;

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient client;
    private final long stallNanos;
    private final int attempts;
    private final Duration stall;

    HttpTransfer(Duration stall, int attempts) {
        this.stall = stall;
        this.stallNanos = stall.toNanos();
        this.attempts = attempts;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(stall).build();
    }

    /**
     * A GET (or HEAD) to make.
     *
     * @param uri where
     * @param headers request headers; {@code Authorization} is dropped when a redirect leads to another host
     * @param what the thing fetched, for messages
     */
    record Get(URI uri, Map<String, String> headers, String what) {
        Get {
            headers = Map.copyOf(headers);
        }

        boolean sendsToken() {
            return headers.containsKey("Authorization");
        }
    }

    /** The final response (after redirects): status, address and headers. */
    record Reply(int status, URI uri, HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** A text answer (metadata, file lists). */
    record Text(Reply reply, String body) {}

    /** GETs a small text resource; statuses other than 2xx are errors. Retried like a download. */
    Text text(Get get, CancellationToken cancel) throws HubException {
        int attempt = 0;
        while (true) {
            try {
                AtomicLong activity = new AtomicLong(System.nanoTime());
                Exchange<byte[]> ex = exchange(get, "GET", null, (status, headers) -> status / 100 == 2
                        ? HttpResponse.BodySubscribers.ofByteArray() : null, activity, cancel);
                checkSuccess(ex.reply(), get);
                byte[] body = ex.body();
                if (body.length > MAX_TEXT_BYTES) {
                    throw new HubException(HubException.Kind.SERVER, get.what() + ": the answer is too large ("
                            + body.length + " bytes)");
                }
                return new Text(ex.reply(), new String(body, StandardCharsets.UTF_8));
            } catch (HubException e) {
                attempt = retryOrThrow(e, ++attempt, get, cancel, null);
            }
        }
    }

    /**
     * GETs a file into memory, refusing one over {@code limit} bytes (by its announced length before reading it,
     * else once that many bytes came); statuses other than 2xx are errors. Retried like a download.
     */
    Exchanged bytes(Get get, long limit, CancellationToken cancel) throws HubException {
        int attempt = 0;
        while (true) {
            try {
                AtomicLong activity = new AtomicLong(System.nanoTime());
                Exchange<byte[]> ex = exchange(get, "GET", null, (status, headers) -> status / 100 == 2
                        && headers.firstValueAsLong("Content-Length").orElse(0) <= limit
                        ? new MemorySink(limit, activity) : null, activity, cancel);
                checkSuccess(ex.reply(), get);
                byte[] body = ex.body();
                if (body == null || body.length > limit) {
                    throw new HubException(HubException.Kind.INVALID, get.what() + " is larger than the "
                            + (limit >> 20) + " MiB Seedframe takes from the web");
                }
                return new Exchanged(ex.reply(), body);
            } catch (HubException e) {
                attempt = retryOrThrow(e, ++attempt, get, cancel, null);
            }
        }
    }

    /** A file fetched into memory. */
    record Exchanged(Reply reply, byte[] body) {}

    /** A HEAD request: the headers a GET would have (size, ETag), after redirects. */
    Reply head(Get get, CancellationToken cancel) throws HubException {
        int attempt = 0;
        while (true) {
            try {
                Exchange<Void> ex = exchange(get, "HEAD", null, (status, headers) -> null, new AtomicLong(System.nanoTime()),
                        cancel);
                checkSuccess(ex.reply(), get);
                return ex.reply();
            } catch (HubException e) {
                attempt = retryOrThrow(e, ++attempt, get, cancel, null);
            }
        }
    }

    /**
     * Downloads {@code get} into {@code partial} until it holds {@code expectedSize} bytes, resuming what it already
     * holds (from an earlier attempt or run) with a {@code Range} request, and trying again after a cut connection,
     * a stall or a server error, {@code attempts} times in all. {@code hash} is fed every byte of the file, the part
     * already there first. On failure the partial file is kept for a later resume.
     *
     * @return the last response, or null when the file was already complete and nothing was asked
     */
    Reply download(Get get, Path partial, long expectedSize, ContentHash hash, TransferListener listener,
            CancellationToken cancel) throws HubException {
        long have = sizeOf(partial);
        if (have > expectedSize) {
            truncate(partial, get);
            have = 0;
        }
        try {
            hash.updateFrom(partial, have);
        } catch (IOException e) {
            throw new HubException(HubException.Kind.LOCAL_IO, "Cannot read the part of " + get.what()
                    + " downloaded before (" + partial + "): " + e.getMessage(), e);
        }
        int attempt = 0;
        Reply last = null;
        while (have < expectedSize) {
            try {
                last = fetchOnce(get, partial, have, expectedSize, hash, listener, cancel);
                long now = sizeOf(partial);
                if (now > expectedSize) {
                    truncate(partial, get);
                    throw new HubException(HubException.Kind.INTEGRITY, get.what() + ": the server sent more than the "
                            + expectedSize + " bytes it announced; the file was discarded.");
                }
                if (now < expectedSize) {
                    throw HttpErrors.io(new IOException("the body ended at byte " + now + " of " + expectedSize),
                            get.uri(), get.what());
                }
                have = now;
            } catch (HubException e) {
                attempt = retryOrThrow(e, ++attempt, get, cancel, partial);
                have = sizeOf(partial);
                listener.note(e.getMessage() + " Trying again (" + (attempt + 1) + " of " + attempts + ")"
                        + (have > 0 ? ", resuming at byte " + have : "") + ".");
            }
        }
        return last;
    }

    private Reply fetchOnce(Get get, Path partial, long have, long expectedSize, ContentHash hash,
            TransferListener listener, CancellationToken cancel) throws HubException {
        AtomicLong activity = new AtomicLong(System.nanoTime());
        AtomicReference<String> refused = new AtomicReference<>();
        Exchange<Long> ex = exchange(get, "GET", have > 0 ? "bytes=" + have + "-" : null, (status, headers) -> {
            if (status == 200) {
                if (have > 0) {
                    hash.reset(); // the server ignored the Range: the file starts over
                    listener.bytes(-have);
                    listener.note(get.what() + ": the server cannot resume; downloading it from the start");
                }
                return new FileSink(partial, true, hash, listener::bytes, activity);
            }
            if (status == 206) {
                String range = headers.firstValue("Content-Range").orElse("");
                Matcher m = CONTENT_RANGE.matcher(range);
                if (m.matches() && Long.parseLong(m.group(1)) == have) {
                    return new FileSink(partial, false, hash, listener::bytes, activity);
                }
                refused.set("the server answered a resume at byte " + have + " with the range \"" + range + "\"");
            } else if (status == 416) {
                refused.set("the server cannot resume at byte " + have + " (416)");
            }
            return null;
        }, activity, cancel);
        Reply reply = ex.reply();
        if (refused.get() != null) {
            // the part kept does not fit what the server has now: start the file over on the next try
            truncate(partial, get);
            hash.reset();
            listener.bytes(-have);
            throw new HttpErrors.Retryable(new HubException(HubException.Kind.SERVER, get.what() + ": "
                    + refused.get() + "; starting the file over."));
        }
        if (reply.status() != 200 && reply.status() != 206) {
            throw HttpErrors.statusMaybeRetryable(reply.status(), reply.headers(), reply.uri(), get.what(),
                    get.sendsToken());
        }
        return reply;
    }

    /** After a failed try: waits and returns the attempt count when another try may help, else throws. */
    private int retryOrThrow(HubException e, int attempt, Get get, CancellationToken cancel, Path partial)
            throws HubException {
        if (!HttpErrors.retryable(e)) {
            throw e;
        }
        if (attempt >= attempts) {
            String kept = partial != null && sizeOf(partial) > 0
                    ? " " + sizeOf(partial) + " bytes of it are kept in " + partial + ": run the same command again to"
                            + " resume."
                    : "";
            String after = " (" + attempts + " tries" + (e.kind() == HubException.Kind.TIMEOUT
                    ? ", each stopped after " + stall.toSeconds() + " s without data" : "") + ")";
            throw new HubException(e.kind(), e.getMessage() + after + kept, e.getCause());
        }
        sleep(Math.min(8000, 250L << Math.min(attempt, 5)), cancel, get);
        return attempt;
    }

    private static void sleep(long millis, CancellationToken cancel, Get get) throws HubException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            if (cancel.isCancelled()) {
                throw cancelled(get);
            }
            try {
                Thread.sleep(Math.min(POLL_MILLIS, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw cancelled(get);
            }
        }
    }

    private static HubException cancelled(Get get) {
        return new HubException(HubException.Kind.CANCELLED, "Cancelled while fetching " + get.what()
                + "; what was downloaded is kept, and the same command resumes it.");
    }

    private static void checkSuccess(Reply r, Get get) throws HubException {
        if (r.status() / 100 != 2) {
            throw HttpErrors.statusMaybeRetryable(r.status(), r.headers(), r.uri(), get.what(), get.sendsToken());
        }
    }

    /** Decides the body subscriber from the status; null discards the body. */
    private interface BodyFor<T> {
        HttpResponse.BodySubscriber<T> apply(int status, HttpHeaders headers);
    }

    /** A finished exchange: the reply and its body (null when discarded). */
    private record Exchange<T>(Reply reply, T body) {}

    /**
     * One exchange, following redirects: sends, waits for the whole body while watching the cancel token and the
     * stall clock ({@code activity}, moved on by the body's subscriber), and aborts the exchange when either says so.
     */
    private <T> Exchange<T> exchange(Get get, String method, String range, BodyFor<T> bodyFor, AtomicLong activity,
            CancellationToken cancel) throws HubException {
        URI uri = get.uri();
        String host = uri.getHost();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
            boolean sameHost = Objects.equals(host, uri.getHost());
            get.headers().forEach((k, v) -> {
                if (sameHost || !k.equalsIgnoreCase("Authorization")) {
                    b.header(k, v);
                }
            });
            if (range != null) {
                b.header("Range", range);
            }
            b.header("User-Agent", "seedframe");
            AtomicReference<HttpResponse.BodySubscriber<T>> sub = new AtomicReference<>();
            HttpResponse.BodyHandler<T> handler = info -> {
                HttpResponse.BodySubscriber<T> s = info.statusCode() / 100 == 3 ? null : bodyFor.apply(info.statusCode(), info.headers());
                if (s == null) {
                    @SuppressWarnings("unchecked")
                    HttpResponse.BodySubscriber<T> discard = (HttpResponse.BodySubscriber<T>) HttpResponse.BodySubscribers
                            .replacing((Object) null);
                    s = discard;
                }
                sub.set(s);
                activity.set(System.nanoTime());
                return s;
            };
            activity.set(System.nanoTime());
            CompletableFuture<HttpResponse<T>> cf = client.sendAsync(b.build(), handler);
            HttpResponse<T> resp = await(cf, sub, activity, cancel, get, uri);
            int status = resp.statusCode();
            if (status / 100 == 3 && status != 304) {
                String loc = resp.headers().firstValue("Location").orElse(null);
                if (loc == null) {
                    throw new HubException(HubException.Kind.SERVER, uri.getHost() + " redirected " + get.what()
                            + " without saying where (" + status + ")");
                }
                uri = uri.resolve(loc);
                String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw new HubException(HubException.Kind.SERVER, "A redirect for " + get.what()
                            + " leads to an address Seedframe does not follow: " + uri);
                }
                continue;
            }
            return new Exchange<>(new Reply(status, uri, resp.headers()), resp.body());
        }
        throw new HubException(HubException.Kind.SERVER, get.what() + ": more than " + MAX_REDIRECTS + " redirects");
    }

    private <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> cf,
            AtomicReference<HttpResponse.BodySubscriber<T>> sub, AtomicLong activity, CancellationToken cancel, Get get,
            URI uri) throws HubException {
        while (true) {
            try {
                return cf.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancel.isCancelled()) {
                    abort(cf, sub);
                    throw cancelled(get);
                }
                if (System.nanoTime() - activity.get() > stallNanos) {
                    abort(cf, sub);
                    throw new HubException(HubException.Kind.TIMEOUT, (uri.getHost() != null ? uri.getHost() : uri)
                            + " sent nothing for " + stall.toSeconds() + " s while sending " + get.what() + ".");
                }
            } catch (ExecutionException e) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                if (c instanceof CancellationException && cancel.isCancelled()) {
                    throw cancelled(get);
                }
                throw HttpErrors.io(c, uri, get.what());
            } catch (CancellationException e) {
                throw cancelled(get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort(cf, sub);
                throw cancelled(get);
            }
        }
    }

    private static <T> void abort(CompletableFuture<HttpResponse<T>> cf,
            AtomicReference<HttpResponse.BodySubscriber<T>> sub) {
        if (sub.get() instanceof FileSink f) {
            f.abort();
        }
        cf.cancel(true);
    }

    static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void truncate(Path p, Get get) throws HubException {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new HubException(HubException.Kind.LOCAL_IO, "Cannot remove " + p + " (" + get.what() + "): "
                    + e.getMessage(), e);
        }
    }
}
