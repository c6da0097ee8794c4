package dev.seedframe.engine;

/** A request the model cannot run as given (size not a multiple, empty prompt...). */
public final class InvalidRequestException extends EngineException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
