package dev.seedframe.store;

/** The disk (or the file's size limit) is full; nothing saved before was lost. */
public final class DiskFullException extends StoreException {

    public DiskFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
