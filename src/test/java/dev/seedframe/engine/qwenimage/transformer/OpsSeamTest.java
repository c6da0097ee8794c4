package dev.seedframe.engine.qwenimage.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.nn.ForwardingOps;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TestRuntime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operations seam (ADR 0004) as the next features will use it: a {@link ForwardingOps} decorator sees the
 * forward of every Linear by its checkpoint name and can add to it without any block code knowing, the way LoRA at
 * run time will; decorating with no change leaves the model bit for bit as it was.
 */
class OpsSeamTest {

    /** Records every Linear that runs and adds {@code delta} to the output of the one named {@code target}. */
    static final class Recording extends ForwardingOps {
        final Set<String> seen = new LinkedHashSet<>();
        final String target;
        final float delta;

        Recording(Ops inner, String target, float delta) {
            super(inner);
            this.target = target;
            this.delta = delta;
        }

        @Override
        public NDArray forward(Linear layer, NDArray x) {
            seen.add(layer.name());
            NDArray y = super.forward(layer, x);
            return layer.name().equals(target) ? y.add(delta) : y;
        }
    }

    static float[] forward(Ops ops, NDManager manager) throws Exception {
        QwenImageTransformer model = QwenImageTransformer.open(Golden.tinyModel().resolve("transformer"), manager, ops,
                TestRuntime.get());
        try (SafetensorsFile ref = Golden.open(Golden.component("transformer_reference.safetensors"));
                NDManager m = manager.newSubManager()) {
            return model.forward(QwenImageTransformerParityTest.tensor(m, ref, "a.hidden_states"),
                    QwenImageTransformerParityTest.tensor(m, ref, "a.encoder_hidden_states"), null,
                    QwenImageTransformerParityTest.tensor(m, ref, "a.timestep"), List.of(ImageShape.of(3, 5)))
                    .toFloatArray();
        }
    }

    @Test
    void aDecoratorSeesEveryLinearByNameAndChangesNothingUntilItAddsSomething() throws Exception {
        try (NDManager manager = DjlRuntime.newCpuManager()) {
            float[] plain = forward(TestRuntime.f32(), manager);

            Recording passThrough = new Recording(TestRuntime.f32(), "", 0f);
            assertArrayEquals(plain, forward(passThrough, manager), 0f, "a pass-through decorator changes no bit");
            // 2 blocks × (2 modulations + 8 attention projections + 2 × 2 MLP) + img_in, txt_in, 2 time embedding,
            // norm_out, proj_out
            assertEquals(2 * 14 + 6, passThrough.seen.size(), passThrough.seen.toString());
            assertTrue(passThrough.seen.contains("transformer_blocks.1.attn.to_q"), passThrough.seen.toString());
            assertTrue(passThrough.seen.contains("transformer_blocks.0.img_mlp.net.2"), passThrough.seen.toString());

            Recording adding = new Recording(TestRuntime.f32(), "transformer_blocks.0.attn.to_v", 0.01f);
            float[] changed = forward(adding, manager);
            double d = 0;
            for (int i = 0; i < plain.length; i++) {
                d = Math.max(d, Math.abs(plain[i] - changed[i]));
            }
            assertTrue(d > 1e-5, "adding to one named Linear reaches the output (max change " + d + ")");
        }
    }
}
