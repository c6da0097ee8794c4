package dev.seedframe.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.rng.BFloat16;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import dev.seedframe.engine.runtime.torchscript.TorchDtype;
import dev.seedframe.testing.TestRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading weights in {@link Precision#BF16}: BF16 records taken bit for bit, F32 ones rounded to nearest even. */
@Tag("unit")
class WeightMapBf16Test {

    static final float[] VALUES = {1.0f, -2.5f, 3.14159265f, 1e-3f, 65504f, -0.0078125f};

    @Test
    void bf16AndF32CheckpointsLoadAsBf16Tensors(@TempDir Path dir) throws Exception {
        new SafetensorsWriter()
                .addBf16("a.weight", VALUES, 2, 3)
                .addF32("b.weight", VALUES, 6)
                .write(dir.resolve("diffusion_pytorch_model.safetensors"));
        float[] rounded = new float[VALUES.length];
        for (int i = 0; i < VALUES.length; i++) {
            rounded[i] = BFloat16.round(VALUES[i]);
        }
        try (Checkpoint ck = Checkpoint.open(dir, "transformer", "diffusion_pytorch_model");
                NDManager m = DjlRuntime.newCpuManager()) {
            WeightMap w = WeightMap.of(ck, TestRuntime.get());
            Param a = w.param("a.weight", 2, 3);
            Param b = w.param("b.weight", 6);
            w.load(m, Precision.BF16);
            SeedframeOps ops = TestRuntime.helper();
            assertEquals(TorchDtype.BFLOAT16, ops.dtype(a.array()));
            assertEquals(TorchDtype.BFLOAT16, ops.dtype(b.array()));
            Bf16 bf16 = new Bf16(ops);
            assertArrayEquals(rounded, bf16.toFloatArray(a.array()));
            assertArrayEquals(rounded, bf16.toFloatArray(b.array()));
            assertEquals(a.shape(), a.array().getShape());
        }
    }
}
