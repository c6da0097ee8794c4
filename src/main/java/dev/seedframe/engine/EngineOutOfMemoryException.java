package dev.seedframe.engine;

/**
 * libtorch could not allocate memory on the device (a CUDA card or the host): the request needs less memory
 * (a smaller size, fewer variants) or a memory mode that needs less. Nothing is wrong with the model.
 */
public final class EngineOutOfMemoryException extends EngineException {

    public EngineOutOfMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
