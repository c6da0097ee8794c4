package dev.seedframe.store;

/** The file is a Seedframe project, but damaged (truncated, overwritten, failed its checks). */
public final class DamagedProjectException extends StoreException {

    public DamagedProjectException(String message) {
        super(message);
    }

    public DamagedProjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
