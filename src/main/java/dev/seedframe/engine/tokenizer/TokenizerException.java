package dev.seedframe.engine.tokenizer;

import dev.seedframe.engine.EngineException;

/** A tokenizer folder that cannot be loaded (missing or damaged files), or a token it does not know. */
public final class TokenizerException extends EngineException {

    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
