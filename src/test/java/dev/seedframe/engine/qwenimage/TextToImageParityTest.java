package dev.seedframe.engine.qwenimage;

import static dev.seedframe.testing.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.qwenimage.pipeline.PipelineTrace;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.CaseArgs;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TinyModel;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every intermediate tensor of the text-to-image cases against the official pipeline's, with the fixture
 * README's tolerances, and the final pixels within one level of {@code output.png}.
 */
@Tag("parity")
class TextToImageParityTest {

    /** Tolerance per recorded tensor, by the fixture README's table. */
    static double tolerance(String name) {
        if (name.equals("randn0") || name.equals("latents_init")) {
            return 1e-6;
        }
        return 1e-4;
    }

    /** Compares traced tensors with the reference as they appear. */
    static final class Comparing implements PipelineTrace {
        final SafetensorsFile ref;
        final Set<String> compared = new LinkedHashSet<>();

        Comparing(SafetensorsFile ref) {
            this.ref = ref;
        }

        @Override
        public void record(String name, NDArray value) {
            if (ref.tensors().containsKey(name)) {
                assertClose(ref, name, value, tolerance(name));
                compared.add(name);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"t2i_basic", "t2i_cfg", "t2i_chinese"})
    void everyStageMatchesTheReference(String caseName) throws Exception {
        CaseArgs args = CaseArgs.of(caseName);
        try (SafetensorsFile ref = Golden.caseReference(caseName)) {
            Comparing trace = new Comparing(ref);
            GenerationOutput out = TinyModel.get().generate(args.request(PipelineKind.TEXT_TO_IMAGE).build(),
                    StepListener.NONE, new CancellationToken(), trace);
            for (String must : new String[] {"randn0", "latents_init", "prompt_embeds", "step0.noise_pred",
                    "step3.latents", "vae_decode.input_latents", "vae_decode.output"}) {
                assertTrue(trace.compared.contains(must), must + " was not compared; compared: " + trace.compared);
            }
            if (args.negativePrompt() != null) {
                assertTrue(trace.compared.contains("neg.prompt_embeds"));
                assertTrue(trace.compared.contains("step0.transformer.uncond.out"));
            }
            assertPixelsWithinOneLevel(ref, out.image());
        }
    }

    /** Every channel of every pixel within 1 of the reference PNG's. */
    static void assertPixelsWithinOneLevel(SafetensorsFile ref, RgbImage image) {
        int worst = maxLevels(ref, image);
        assertTrue(worst <= 1, "a pixel differs by " + worst + " levels");
    }

    /** The largest difference, in levels, between any channel of {@code image} and the reference PNG's. */
    static int maxLevels(SafetensorsFile ref, RgbImage image) {
        long[] expected = TensorAssert.longs(ref, "output_png_uint8"); // [H, W, 3]
        byte[] got = image.rgb();
        assertEquals(expected.length, got.length, "pixel count");
        int worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, (int) Math.abs(expected[i] - (got[i] & 0xff)));
        }
        return worst;
    }
}
