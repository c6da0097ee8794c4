package dev.seedframe.engine.qwenimage.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.nn.ForwardingOps;
import dev.seedframe.engine.nn.Fp8Linear;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TestRuntime;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How adapters (LoRA) meet an fp8 transformer through the operations seam (ADR 0004): a merged adapter registers a
 * load-time transform on a Linear's weight, so that layer is widened when loaded, changed, and held dense (it works;
 * that layer's fp8 saving is given up), while the other layers stay fp8; an adapter applied at run time wraps each
 * Linear's forward, which computes from the fp8 codes unchanged.
 */
@Tag("unit")
class Fp8AdapterSeamTest {

    static final String MERGED = "transformer_blocks.0.attn.to_q";

    /** Adds 1/64 to one layer's weight when it loads, as a merged adapter's {@code W + ΔW} would. */
    static final class MergedOps extends ForwardingOps {
        MergedOps(Ops inner) {
            super(inner);
        }

        @Override
        public Linear newLinear(WeightMap w, long in, long out, boolean bias) {
            Linear l = super.newLinear(w, in, out, bias);
            if (l.name().equals(MERGED)) {
                l.weight().transform(a -> a.add(1f / 64));
            }
            return l;
        }
    }

    /** Sees every Linear's forward, where a run-time adapter adds its {@code B(Ax)} to the base output. */
    static final class RuntimeOps extends ForwardingOps {
        int calls;

        RuntimeOps(Ops inner) {
            super(inner);
        }

        @Override
        public NDArray forward(Linear layer, NDArray x) {
            calls++;
            return inner().forward(layer, x);
        }
    }

    static Path fp8File() {
        return Golden.singleFileDir().resolve("files").resolve("qwen-tiny_fp8_e4m3fn.safetensors");
    }

    @Test
    void aMergedAdapterWidensItsLayerAndTheOthersStayFp8() throws Exception {
        try (Checkpoint ck = Checkpoint.openFile(fp8File(), "transformer");
                SafetensorsFile file = SafetensorsFile.open(fp8File());
                NDManager m = DjlRuntime.newCpuManager()) {
            QwenImageTransformer t = new QwenImageTransformer(TransformerConfig.tiny(),
                    WeightMap.of(ck, TransformerKeys.keyMap(ck), TestRuntime.get()), new MergedOps(TestRuntime.f32()));
            t.load(m);
            for (Linear l : t.blockLinears()) {
                assertEquals(!l.name().equals(MERGED), l.weights() instanceof Fp8Linear, l.name());
            }
            Linear merged = t.blockLinears().stream().filter(l -> l.name().equals(MERGED)).findFirst().orElseThrow();
            float[] stored = file.floats("model.diffusion_model." + MERGED + ".weight");
            float[] expected = new float[stored.length];
            for (int i = 0; i < stored.length; i++) {
                expected[i] = stored[i] + 1f / 64;
            }
            assertArrayEquals(expected, merged.weight().array().toFloatArray());
        }
    }

    @Test
    void aRuntimeAdapterSeesEveryFp8LinearsForward() throws Exception {
        try (Checkpoint ck = Checkpoint.openFile(fp8File(), "transformer");
                NDManager m = DjlRuntime.newCpuManager()) {
            RuntimeOps ops = new RuntimeOps(TestRuntime.f32());
            QwenImageTransformer t = new QwenImageTransformer(TransformerConfig.tiny(),
                    WeightMap.of(ck, TransformerKeys.keyMap(ck), TestRuntime.get()), ops);
            t.load(m);
            List<Linear> linears = t.blockLinears();
            assertTrue(linears.stream().allMatch(l -> l.weights() instanceof Fp8Linear));
            NDArray x = m.randomNormal(new ai.djl.ndarray.types.Shape(1, 4, 48));
            Linear first = linears.get(0);
            NDArray y = first.forward(x);
            assertEquals(1, ops.calls);
            assertEquals(new ai.djl.ndarray.types.Shape(1, 4, first.out()), y.getShape());
            assertFalse(y.isNaN().any().getBoolean());
        }
    }
}
