package dev.seedframe.service;

import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.EngineOutOfMemoryException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.hub.HubException;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.store.DiskFullException;
import dev.seedframe.store.NoSuchGenerationException;
import dev.seedframe.store.NoSuchProjectException;
import dev.seedframe.store.StoreException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * A failure of an application operation, sorted into what a person can act on, with a message meant to be shown
 * as it is (never a stack trace). This is the one classification both front ends use: the command line turns it
 * into an exit status and an {@code error:} line, the studio into a banner in its language.
 */
public class Failure extends Exception {

    /** What kind of failure, so a front end can phrase it and react. */
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
        /** Anything else: a defect, whose details belong in a log. */
        INTERNAL
    }

    private final Kind kind;
    private final boolean inputToChange;

    public Failure(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, kind == Kind.INVALID_INPUT);
    }

    /**
     * @param inputToChange the person named something to change (a file, project or generation that does not
     *     exist, a request that cannot run): the command line exits with its usage status
     */
    public Failure(Kind kind, String message, Throwable cause, boolean inputToChange) {
        super(message, cause);
        this.kind = kind;
        this.inputToChange = inputToChange;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether what the person asked for must change (as opposed to the machine, the model or the file failing). */
    public boolean inputToChange() {
        return inputToChange;
    }

    /** Sorts any throwable into a failure with a plain message. */
    public static Failure of(Throwable t) {
        if (t instanceof Failure f) {
            return f;
        }
        String msg = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof CancelledException) {
            return new Failure(Kind.CANCELLED, msg, t);
        }
        if (t instanceof InvalidRequestException || t instanceof ImageFormatException
                || t instanceof PromptRefusedException) {
            return new Failure(Kind.INVALID_INPUT, msg, t);
        }
        if (t instanceof EngineException) {
            boolean memory = t instanceof EngineOutOfMemoryException || t.getCause() instanceof OutOfMemoryError;
            return new Failure(memory ? Kind.OUT_OF_MEMORY : Kind.MODEL, msg, t);
        }
        if (t instanceof OutOfMemoryError) {
            return new Failure(Kind.OUT_OF_MEMORY, "Not enough memory for this generation. Try a smaller size or fewer"
                    + " variants; the work done so far is kept.", t);
        }
        if (t instanceof NotRecordedException) {
            // the image was saved elsewhere: what failed is the recording, sorted by its cause
            Kind k = of(t.getCause()).kind();
            return new Failure(k == Kind.INTERNAL ? Kind.FILE : k, msg, t);
        }
        if (t instanceof DiskFullException) {
            return new Failure(Kind.DISK_FULL, msg, t);
        }
        if (t instanceof NoSuchGenerationException || t instanceof NoSuchProjectException) {
            return new Failure(Kind.PROJECT, msg, t, true);
        }
        if (t instanceof StoreException) {
            return new Failure(Kind.PROJECT, msg, t);
        }
        if (t instanceof HubException h) {
            return download(h, msg);
        }
        if (t instanceof NoSuchFileException nf) {
            return new Failure(Kind.FILE, "file not found: " + nf.getFile(), t, true);
        }
        if (t instanceof AccessDeniedException ad) {
            return new Failure(Kind.FILE, "permission denied: " + ad.getFile(), t);
        }
        if (t instanceof IOException) {
            if (msg.contains("No space left")) {
                return new Failure(Kind.DISK_FULL, "The disk is full; nothing was written.", t);
            }
            return new Failure(Kind.FILE, msg, t);
        }
        return new Failure(Kind.INTERNAL, internal(t), t);
    }

    /**
     * A defect in words: its message without the names of library classes or their web pages (those go to the log
     * with the stack trace), so what a person reads is Seedframe's, not a library's.
     */
    private static String internal(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage()
                .replaceAll("https?://\\S+", "")
                .replaceAll("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*", "")
                .strip();
        return "an unexpected failure in Seedframe" + (m.isEmpty() ? "" : " (" + m + ")");
    }

    /** A download's failure (its message says what was kept and what to do): by what the person can act on. */
    private static Failure download(HubException h, String msg) {
        return switch (h.kind()) {
            case CANCELLED -> new Failure(Kind.CANCELLED, msg, h);
            case DISK_FULL -> new Failure(Kind.DISK_FULL, msg, h);
            case NOT_FOUND, UNAUTHORIZED, INVALID -> new Failure(Kind.INVALID_INPUT, msg, h, true);
            default -> new Failure(Kind.FILE, msg, h);
        };
    }
}
