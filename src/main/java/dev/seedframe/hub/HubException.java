package dev.seedframe.hub;

/**
 * A download that could not be done, with a message meant for a person (what failed, what was kept, what to do)
 * and its kind, so that a caller can choose an exit status or a banner without reading the words.
 */
public class HubException extends Exception {

    /** What went wrong. */
    public enum Kind {
        /** The repository, revision or file does not exist (or is private and no token was given). */
        NOT_FOUND,
        /** A gated or private repository that needs a token, or a token that was refused. */
        UNAUTHORIZED,
        /** The server sent nothing for longer than the stall timeout. */
        TIMEOUT,
        /** The connection could not be made, or was cut more times than the retries allow. */
        CONNECTION,
        /** A downloaded file's hash or size is not what the server's metadata says: it was discarded. */
        INTEGRITY,
        /** Not enough free disk space, or the disk filled up while writing. */
        DISK_FULL,
        /** The server answered with an error (5xx, rate limit) or with something that is not its protocol. */
        SERVER,
        /** Another download holds the same file. */
        BUSY,
        /** The user cancelled; what was downloaded is kept for a later resume. */
        CANCELLED,
        /** Reading or writing local files failed. */
        LOCAL_IO,
        /** The request cannot be made as given (a malformed repository id, an unsupported platform). */
        INVALID
    }

    private final Kind kind;

    public HubException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public HubException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
