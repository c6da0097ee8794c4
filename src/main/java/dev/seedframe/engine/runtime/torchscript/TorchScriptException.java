package dev.seedframe.engine.runtime.torchscript;

import dev.seedframe.engine.EngineException;

/** A TorchScript helper archive that could not be written, read or compiled by libtorch. */
public class TorchScriptException extends EngineException {

    public TorchScriptException(String message) {
        super(message);
    }

    public TorchScriptException(String message, Throwable cause) {
        super(message, cause);
    }
}
