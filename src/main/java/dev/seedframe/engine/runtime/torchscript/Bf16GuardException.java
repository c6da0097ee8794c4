package dev.seedframe.engine.runtime.torchscript;

import dev.seedframe.engine.EngineException;

/**
 * A DJL operation was about to receive a bfloat16 tensor (or a bfloat16 dtype) that would make DJL
 * 0.35.1 abort the JVM; it was refused instead.
 */
public final class Bf16GuardException extends EngineException {

    public Bf16GuardException(String message) {
        super(message);
    }
}
