package dev.seedframe.store;

/**
 * A project file operation that failed, with a message meant to be shown to a person as it is. The
 * subclasses let callers react to the cases that need a different answer (wait, free space, update).
 */
public class StoreException extends Exception {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
