package dev.seedframe.store;

/** A generation id that the project does not hold (never recorded, or deleted). */
public final class NoSuchGenerationException extends StoreException {

    private final long id;

    public NoSuchGenerationException(String message, long id) {
        super(message);
        this.id = id;
    }

    public long id() {
        return id;
    }
}
