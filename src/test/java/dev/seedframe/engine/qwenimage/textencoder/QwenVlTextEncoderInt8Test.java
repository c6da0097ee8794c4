package dev.seedframe.engine.qwenimage.textencoder;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TestRuntime;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The int8 memory mode's text encoder ({@link QwenVlTextEncoder#loadInt8}): every decoder-layer Linear is
 * held as int8 with per-channel scales, and the last hidden states (what the pipeline uses) stay close to
 * the f32 encoder's. Measured on the tiny checkpoint (random weights, initializer range 0.25): relative
 * RMS error 1.0e-2 of the last hidden states, asserted below 2% (per-weight rounding is at most half a
 * step, max|W[o,:]|/254, and the errors of seven Linears per layer compound over the two layers). The
 * image effect of the whole int8 mode (text encoder and transformer blocks) is in {@code MemoryModesTest}.
 */
@Tag("unit")
class QwenVlTextEncoderInt8Test {

    @Test
    void int8LayersKeepTheHiddenStatesClose() throws Exception {
        try (NDManager manager = DjlRuntime.newCpuManager()) {
            QwenVlTextEncoder f32 = QwenVlTextEncoder.load(Golden.tinyModel().resolve("text_encoder"), manager,
                    TestRuntime.f32(), TestRuntime.get());
            QwenVlTextEncoder int8 = QwenVlTextEncoder.loadInt8(Golden.tinyModel().resolve("text_encoder"), manager,
                    TestRuntime.f32(), TestRuntime.get());
            for (TextEncoderDecoderLayer layer : int8.layers()) {
                for (Linear l : layer.linears()) {
                    assertNotNull(l.int8(), "every decoder Linear is int8");
                }
            }
            for (Linear l : f32.layers().get(0).linears()) {
                assertNull(l.int8());
            }
            long[] ids = {151644, 8948, 198, 74785, 279, 2168, 553, 44193, 279, 1894, 11, 6083, 13, 151645, 198};
            NDArray input = manager.create(ids, new Shape(1, ids.length));
            float[] a = f32.forward(input, null).toFloatArray();
            float[] b = int8.forward(input, null).toFloatArray();
            double num = 0;
            double den = 0;
            for (int i = 0; i < a.length; i++) {
                num += (a[i] - b[i]) * (double) (a[i] - b[i]);
                den += a[i] * (double) a[i];
            }
            double rel = Math.sqrt(num / den);
            System.out.printf("int8 text encoder: relative RMS error of the last hidden states %.3e%n", rel);
            assertTrue(rel > 0, "int8 changed nothing: were the weights quantised?");
            assertTrue(rel < 0.02, "relative RMS error " + rel);
        }
    }
}
