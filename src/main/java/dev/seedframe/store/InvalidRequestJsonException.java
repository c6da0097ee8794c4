package dev.seedframe.store;

/** Request, model or environment JSON that Seedframe cannot read: malformed, incomplete or too new. */
public final class InvalidRequestJsonException extends StoreException {

    public InvalidRequestJsonException(String message) {
        super(message);
    }

    public InvalidRequestJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
