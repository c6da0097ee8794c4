package dev.seedframe.engine.qwenimage.transformer;

import static dev.seedframe.engine.qwenimage.transformer.QwenImageTransformerParityTest.complex;
import static dev.seedframe.engine.qwenimage.transformer.QwenImageTransformerParityTest.report;
import static dev.seedframe.engine.qwenimage.transformer.QwenImageTransformerParityTest.tensor;
import static dev.seedframe.testing.TensorAssert.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TestRuntime;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The first step of the {@code edit} case: 16 noise tokens + 16,384 condition-image tokens and
 * 1,380 text tokens (1,377 for the negative prompt), so ~17.8k joint tokens. Tolerance 5e-4 (fixture
 * README, edit case).
 */
@Tag("parity")
@Tag("slow")
class QwenImageTransformerEditParityTest {

    static final double ATOL = 5e-4;

    static final List<ImageShape> SHAPES = List.of(ImageShape.of(4, 4), ImageShape.of(128, 128));

    @Test
    void firstEditStepMatchesThePipelineForBothBranches() throws Exception {
        try (NDManager manager = DjlRuntime.newCpuManager();
                SafetensorsFile ref = Golden.caseReference("edit")) {
            QwenImageTransformer model = QwenImageTransformer.open(Golden.tinyModel().resolve("transformer"), manager,
                    TestRuntime.f32(), TestRuntime.get());

            QwenEmbedRope.Freqs f = model.ropeFreqs(SHAPES, 1380);
            NDArray vid = complex(manager, f.imgCos(), f.imgSin()).get(":512"); // stored rows 0..511
            NDArray txt = complex(manager, f.txtCos(), f.txtSin());
            report(ref, "rope.vid_freqs.rows_0_511", vid);
            report(ref, "rope.txt_freqs", txt);
            assertClose(ref, "rope.vid_freqs.rows_0_511", vid, QwenImageTransformerParityTest.ROPE_ATOL);
            assertClose(ref, "rope.txt_freqs", txt, QwenImageTransformerParityTest.ROPE_ATOL);

            NDArray hidden = tensor(manager, ref, "step0.transformer.cond.in.hidden_states");
            for (String branch : new String[] {"cond", "uncond"}) {
                String in = "step0.transformer." + branch + ".in.";
                try (NDManager m = manager.newSubManager()) {
                    NDArray out = model.forward(
                            hidden,
                            tensor(m, ref, in + "encoder_hidden_states"),
                            null,
                            tensor(m, ref, in + "timestep"),
                            SHAPES);
                    String name = "step0.transformer." + branch + ".out";
                    report(ref, name, out);
                    assertClose(ref, name, out, ATOL);
                    out.close();
                }
            }
        }
    }
}
