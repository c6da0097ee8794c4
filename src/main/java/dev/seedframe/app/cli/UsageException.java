package dev.seedframe.app.cli;

import dev.seedframe.service.Failure;

/** A command-line input that cannot be used; the message says what to change (exit status 2). */
public final class UsageException extends Failure {

    public UsageException(String message) {
        super(Failure.Kind.INVALID_INPUT, message, null);
    }
}
