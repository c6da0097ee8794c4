package dev.seedframe.engine;

/**
 * A failure the engine can explain to a person: a bad model folder, a missing shard, a tensor of the
 * wrong shape, an invalid request. The message is meant to be shown as it is, without a stack trace.
 */
public class EngineException extends Exception {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
