package dev.seedframe.app.cli;

/** A command-line input that cannot be used; the message says what to change. */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
