package dev.seedframe.engine.weights;

import dev.seedframe.engine.EngineException;

/** A checkpoint that cannot be read or does not match what its config promises. */
public class WeightsException extends EngineException {

    public WeightsException(String message) {
        super(message);
    }

    public WeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
