package dev.seedframe.hub;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/** Turns HTTP statuses and I/O failures into {@link HubException}s that say what happened and what to do. */
final class HttpErrors {

    private HttpErrors() {}

    /** A status that is not a success, for {@code what} ("Qwen/Qwen-Image (revision main)", a file's name). */
    static HubException status(int status, HttpHeaders headers, URI uri, String what, boolean tokenSent) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String said = headers.firstValue("X-Error-Message").map(m -> " (the server says: " + m + ")").orElse("");
        String host = uri.getHost() != null ? uri.getHost() : uri.toString();
        if (status == 401 || status == 403) {
            if (code.equals("RepoNotFound")) {
                return new HubException(HubException.Kind.NOT_FOUND, what + " was not found on " + host + said
                        + ". Check the name; a private repository needs a token: log in with `hf auth login` or set"
                        + " HF_TOKEN.");
            }
            boolean gated = code.equals("GatedRepo") || said.toLowerCase(Locale.ROOT).contains("gated");
            String how = " Accept its conditions on its page on " + host + ", then log in with `hf auth login` (it"
                    + " writes the token file Seedframe reads) or set HF_TOKEN to a token with access to it.";
            if (tokenSent) {
                return new HubException(HubException.Kind.UNAUTHORIZED, what + ": " + host + " refused the token ("
                        + status + ")" + said + "." + (gated ? " The repository is gated." + how
                                : " Check that HF_TOKEN (or the token file) holds a valid token with access to it."));
            }
            return new HubException(HubException.Kind.UNAUTHORIZED, what + " needs a token (" + status + ")"
                    + (gated ? ": the repository is gated" : "") + said + "." + how);
        }
        if (status == 404) {
            String which = switch (code) {
                case "RepoNotFound" -> ": no such repository (check the name; a private one needs a token)";
                case "RevisionNotFound" -> ": no such revision (branch, tag or commit)";
                case "EntryNotFound" -> ": no such file";
                default -> "";
            };
            return new HubException(HubException.Kind.NOT_FOUND, what + " was not found on " + host + " (404" + which
                    + ")" + said + ".");
        }
        if (status == 429) {
            return new HubException(HubException.Kind.SERVER, host + " is limiting requests (429) while fetching "
                    + what + said + ": wait a few minutes and run the same command again (it resumes).");
        }
        if (status >= 500) {
            return new HubException(HubException.Kind.SERVER, host + " failed (" + status + ") while sending " + what
                    + said + ". Run the same command again later (it resumes).");
        }
        return new HubException(HubException.Kind.SERVER, host + " answered " + status + " for " + what + said + ".");
    }

    /** Whether trying again (resuming) may help. */
    static boolean retryable(HubException e) {
        return e.kind() == HubException.Kind.CONNECTION || e.kind() == HubException.Kind.TIMEOUT
                || (e.kind() == HubException.Kind.SERVER && e instanceof Retryable);
    }

    /** A server failure worth another try (5xx, 429). */
    static final class Retryable extends HubException {
        Retryable(HubException e) {
            super(e.kind(), e.getMessage(), e.getCause());
        }
    }

    /** {@link #status}, marked retryable for 5xx and 429. */
    static HubException statusMaybeRetryable(int status, HttpHeaders headers, URI uri, String what, boolean tokenSent) {
        HubException e = status(status, headers, uri, what, tokenSent);
        return status >= 500 || status == 429 ? new Retryable(e) : e;
    }

    /** A network or file failure while talking to {@code uri}. */
    static HubException io(Throwable t, URI uri, String what) {
        String host = uri.getHost() != null ? uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") : uri.toString();
        if (t instanceof FileSink.WriteFailure w) {
            IOException cause = (IOException) w.getCause();
            if (isDiskFull(cause)) {
                return new HubException(HubException.Kind.DISK_FULL, "The disk is full: " + what + " could not be"
                        + " written (" + cause.getMessage() + "). Free some space and run the same command again: the"
                        + " part already downloaded is kept and the download resumes.", cause);
            }
            return new HubException(HubException.Kind.LOCAL_IO, what + " could not be written: " + message(cause), cause);
        }
        if (t instanceof HttpConnectTimeoutException) {
            return new HubException(HubException.Kind.TIMEOUT, "Could not connect to " + host + " in time (" + what
                    + "). Check the network, or HF_ENDPOINT if you use a mirror.", t);
        }
        if (t instanceof HttpTimeoutException) {
            return new HubException(HubException.Kind.TIMEOUT, host + " did not answer in time (" + what + ").", t);
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException
                || t instanceof UnresolvedAddressException || t.getCause() instanceof UnresolvedAddressException) {
            return new HubException(HubException.Kind.CONNECTION, "Cannot connect to " + host + " (" + message(t)
                    + ") to fetch " + what + ". Check the network, or HF_ENDPOINT if you use a mirror.", t);
        }
        return new HubException(HubException.Kind.CONNECTION, "The connection to " + host + " was cut while fetching "
                + what + " (" + message(t) + ").", t);
    }

    /** ENOSPC as Linux and macOS word it, and Windows' ERROR_DISK_FULL. */
    static boolean isDiskFull(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("no space left on device") || m.contains("not enough space on the disk")
                || m.contains("disk full");
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
