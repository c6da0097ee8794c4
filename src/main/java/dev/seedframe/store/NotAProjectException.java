package dev.seedframe.store;

/** The file is not a Seedframe project: not a SQLite database at all, or another program's one. */
public final class NotAProjectException extends StoreException {

    public NotAProjectException(String message) {
        super(message);
    }
}
