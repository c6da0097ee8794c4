package dev.seedframe.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a file's bytes as an HTTP server does for downloads, for the tests' local servers: {@code Range} requests
 * ({@code 206} with {@code Content-Range}, {@code 416} past the end), {@code HEAD}, and the faults a download must
 * survive: the connection cut after N bytes, a stall, a slow link, a server that ignores {@code Range}.
 */
final class RangeResponder {

    /** What to send. */
    interface Body {
        long length();

        /** Reads up to {@code len} bytes at {@code pos} into {@code buf}. */
        int read(long pos, byte[] buf, int len) throws IOException;

        static Body of(byte[] bytes) {
            return new Body() {
                @Override
                public long length() {
                    return bytes.length;
                }

                @Override
                public int read(long pos, byte[] buf, int len) {
                    int n = (int) Math.min(len, bytes.length - pos);
                    System.arraycopy(bytes, (int) pos, buf, 0, n);
                    return n;
                }
            };
        }

        static Body of(Path file) throws IOException {
            long size = java.nio.file.Files.size(file);
            return new Body() {
                @Override
                public long length() {
                    return size;
                }

                @Override
                public int read(long pos, byte[] buf, int len) throws IOException {
                    ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                        while (b.hasRemaining() && ch.read(b, pos + b.position()) > 0) {
                            // read on until len bytes or the end
                        }
                    }
                    return b.position();
                }
            };
        }
    }

    /**
     * Faults for one response.
     *
     * @param cutAfter drop the connection after this many body bytes, or -1
     * @param stallAfter send this many body bytes and then nothing, or -1
     * @param bytesPerSecond throttle, or 0
     * @param ignoreRange answer a range request with the whole file
     */
    record Faults(long cutAfter, long stallAfter, long bytesPerSecond, boolean ignoreRange) {
        static final Faults NONE = new Faults(-1, -1, 0, false);
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private static final int CHUNK = 64 * 1024;

    private RangeResponder() {}

    static void respond(HttpExchange ex, Body body, Faults faults) throws IOException {
        long length = body.length();
        long from = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        Matcher m = range != null && !faults.ignoreRange() ? RANGE.matcher(range) : null;
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.getResponseHeaders().add("Accept-Ranges", "bytes");
        if (m != null && m.matches()) {
            from = Long.parseLong(m.group(1));
            if (from >= length) {
                ex.getResponseHeaders().add("Content-Range", "bytes */" + length);
                ex.sendResponseHeaders(416, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (length - 1) + "/" + length);
            ex.sendResponseHeaders(206, length - from);
        } else if (head) {
            ex.getResponseHeaders().add("Content-Length", String.valueOf(length));
            ex.sendResponseHeaders(200, -1);
        } else {
            ex.sendResponseHeaders(200, length);
        }
        if (head) {
            ex.close();
            return;
        }
        OutputStream out = ex.getResponseBody();
        byte[] buf = new byte[CHUNK];
        long sent = 0;
        for (long at = from; at < length; ) {
            int n = body.read(at, buf, (int) Math.min(CHUNK, length - at));
            if (faults.cutAfter() >= 0 && sent + n > faults.cutAfter()) {
                out.write(buf, 0, (int) (faults.cutAfter() - sent));
                out.flush();
                // an exception out of the handler makes the JDK's server drop the connection
                throw new UncheckedIOException(new IOException("test server: connection cut after "
                        + faults.cutAfter() + " bytes"));
            }
            if (faults.stallAfter() >= 0 && sent + n > faults.stallAfter()) {
                out.write(buf, 0, (int) (faults.stallAfter() - sent));
                out.flush();
                sleep(TimeUnit.MINUTES.toMillis(10));
                throw new UncheckedIOException(new IOException("test server: stalled"));
            }
            out.write(buf, 0, n);
            sent += n;
            at += n;
            if (faults.bytesPerSecond() > 0) {
                out.flush();
                sleep(n * 1000L / faults.bytesPerSecond());
            }
        }
        out.close();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
