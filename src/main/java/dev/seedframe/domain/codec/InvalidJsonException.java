package dev.seedframe.domain.codec;

/** A JSON document that cannot be read: malformed, of a newer format, or with a field of the wrong kind. */
public final class InvalidJsonException extends Exception {

    public InvalidJsonException(String message) {
        super(message);
    }

    public InvalidJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
