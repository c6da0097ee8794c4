package dev.seedframe.store;

/** Another process (another Seedframe window) held the project's write lock longer than we wait. */
public final class ProjectBusyException extends StoreException {

    public ProjectBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
