package dev.seedframe.service;

import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.EngineOutOfMemoryException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.store.DamagedProjectException;
import dev.seedframe.store.DiskFullException;
import dev.seedframe.store.NewerProjectException;
import dev.seedframe.store.NotAProjectException;
import dev.seedframe.store.ProjectBusyException;
import dev.seedframe.store.StoreException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * A failure of a studio operation, sorted into what a person can act on, with a message meant to be
 * shown as it is (never a stack trace). The studio only sees these, never engine or store exceptions.
 */
public final class StudioFailure extends Exception {

    /** What kind of failure, so the window can phrase it and react. */
    public enum Kind {
        /** Stopped on request; nothing was recorded. */
        CANCELLED,
        /** The request cannot run as given (size, prompt, image...). */
        INVALID_INPUT,
        /** The model folder is missing, incomplete or damaged. */
        MODEL,
        /** The machine ran out of memory. */
        OUT_OF_MEMORY,
        /** The disk is full; nothing saved before was lost. */
        DISK_FULL,
        /** The project file is damaged, not a project, newer than this version, or busy. */
        PROJECT,
        /** A file could not be read or written. */
        FILE,
        /** Anything else. */
        INTERNAL
    }

    private final Kind kind;

    public StudioFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Sorts any throwable into a failure with a plain message. */
    public static StudioFailure of(Throwable t) {
        if (t instanceof StudioFailure f) {
            return f;
        }
        String msg = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof CancelledException) {
            return new StudioFailure(Kind.CANCELLED, msg, t);
        }
        if (t instanceof InvalidRequestException || t instanceof IllegalArgumentException
                || t instanceof ImageFormatException) {
            return new StudioFailure(Kind.INVALID_INPUT, msg, t);
        }
        if (t instanceof EngineException) {
            Throwable c = t.getCause();
            if (c instanceof OutOfMemoryError || t instanceof EngineOutOfMemoryException) {
                return new StudioFailure(Kind.OUT_OF_MEMORY, msg, t);
            }
            return new StudioFailure(Kind.MODEL, msg, t);
        }
        if (t instanceof OutOfMemoryError) {
            return new StudioFailure(Kind.OUT_OF_MEMORY,
                    "Not enough memory for this generation. Try a smaller size or fewer variants; the work done so"
                            + " far is kept.", t);
        }
        if (t instanceof DiskFullException) {
            return new StudioFailure(Kind.DISK_FULL, msg, t);
        }
        if (t instanceof DamagedProjectException || t instanceof NotAProjectException
                || t instanceof NewerProjectException || t instanceof ProjectBusyException) {
            return new StudioFailure(Kind.PROJECT, msg, t);
        }
        if (t instanceof StoreException) {
            return new StudioFailure(Kind.PROJECT, msg, t);
        }
        if (t instanceof NoSuchFileException nf) {
            return new StudioFailure(Kind.FILE, "File not found: " + nf.getFile(), t);
        }
        if (t instanceof AccessDeniedException ad) {
            return new StudioFailure(Kind.FILE, "Permission denied: " + ad.getFile(), t);
        }
        if (t instanceof IOException) {
            if (msg.contains("No space left")) {
                return new StudioFailure(Kind.DISK_FULL, "The disk is full; nothing was written.", t);
            }
            return new StudioFailure(Kind.FILE, msg, t);
        }
        return new StudioFailure(Kind.INTERNAL, t.getClass().getSimpleName() + ": " + msg, t);
    }
}
