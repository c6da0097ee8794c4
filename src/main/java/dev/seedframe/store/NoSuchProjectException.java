package dev.seedframe.store;

/** There is no project file where one was named (a path to change, not a damaged file). */
public final class NoSuchProjectException extends StoreException {

    public NoSuchProjectException(String message) {
        super(message);
    }
}
