package dev.seedframe.testing;

import dev.seedframe.engine.AttentionChoice;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.runtime.EngineRuntime;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;

/**
 * One engine runtime for the components that tests build by hand (a model opened whole brings its own), made once
 * per test JVM and never closed: its helper and constants live as long as the tests.
 */
public final class TestRuntime {

    private static EngineRuntime runtime;

    private TestRuntime() {}

    public static synchronized EngineRuntime get() {
        if (runtime == null) {
            try {
                runtime = EngineRuntime.open();
            } catch (EngineException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return runtime;
    }

    /** The TorchScript helper. */
    public static SeedframeOps helper() {
        try {
            return get().helper();
        } catch (EngineException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static Bf16 bf16Tools() {
        return new Bf16(helper());
    }

    /** float32 operations with fused attention. */
    public static Ops f32() {
        return ops(Precision.F32, AttentionChoice.FUSED);
    }

    /** bfloat16 operations. */
    public static Ops bf16() {
        return ops(Precision.BF16, AttentionChoice.FUSED);
    }

    public static Ops ops(Precision precision, AttentionChoice attention) {
        try {
            return Ops.of(get(), precision, attention);
        } catch (EngineException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
