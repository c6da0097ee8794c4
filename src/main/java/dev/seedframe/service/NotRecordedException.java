package dev.seedframe.service;

import dev.seedframe.store.StoreException;
import java.nio.file.Path;

/**
 * The model ran but the project could not record the result (full disk, file turned read-only...). The image was
 * not thrown away: it was written, with its settings in the PNG, to {@link #savedTo()} when any place took it.
 */
public final class NotRecordedException extends StoreException {

    private final transient Generation unrecorded;
    private final transient Path savedTo;

    public NotRecordedException(StoreException cause, Generation unrecorded, Path savedTo) {
        super("The image was made but the project could not record it: " + cause.getMessage()
                + (savedTo != null ? "; the image was written to " + savedTo + " with its settings in the PNG"
                        + " (import-png records it in a project once one can be written)"
                        : "; the image could not be written anywhere else either"), cause);
        this.unrecorded = unrecorded;
        this.savedTo = savedTo;
    }

    /** The generation as it ran, with id 0 (it has none). */
    public Generation unrecorded() {
        return unrecorded;
    }

    /** Where the image was written, or null when no place took it. */
    public Path savedTo() {
        return savedTo;
    }
}
