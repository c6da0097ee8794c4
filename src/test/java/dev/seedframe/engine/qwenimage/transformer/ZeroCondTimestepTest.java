package dev.seedframe.engine.qwenimage.transformer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TestRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Edit-2511's {@code zero_cond_t} in the transformer, against the same weights without it: the reference image's
 * tokens are modulated with timestep 0, so the output image's tokens, which attend to them, change; with no reference
 * segment, or at timestep 0, nothing changes (both halves of the batch {@code [t, 0]} are then the same).
 */
class ZeroCondTimestepTest {

    static final List<ImageShape> WITH_REFERENCE = List.of(ImageShape.of(4, 6), ImageShape.of(2, 3));
    static final List<ImageShape> OUTPUT_ONLY = List.of(ImageShape.of(4, 6));

    static float[] forward(boolean zeroCondT, List<ImageShape> shapes, float sigma) throws Exception {
        TransformerConfig c = TransformerConfig.tiny();
        TransformerConfig config = new TransformerConfig(c.patchSize(), c.inChannels(), c.outChannels(), c.numLayers(),
                c.attentionHeadDim(), c.numAttentionHeads(), c.jointAttentionDim(), c.axesDimsRope(), zeroCondT);
        Ops ops = TestRuntime.f32();
        long tokens = shapes.stream().mapToLong(ImageShape::tokens).sum();
        TorchCpuGenerator g = new TorchCpuGenerator(11);
        try (Checkpoint ck = Checkpoint.open(Golden.tinyModel().resolve("transformer"), "transformer",
                "diffusion_pytorch_model");
                NDManager m = DjlRuntime.newCpuManager()) {
            QwenImageTransformer model = new QwenImageTransformer(config, WeightMap.of(ck, TestRuntime.get()), ops);
            model.load(m);
            NDArray x = m.create(g.randn(1, tokens, 16), new Shape(1, tokens, 16));
            NDArray text = m.create(g.randn(1, 7, 16), new Shape(1, 7, 16));
            return model.forward(x, text, null, m.create(new float[] {sigma}), shapes).toFloatArray();
        }
    }

    static double maxDiff(float[] a, float[] b, int upTo) {
        double d = 0;
        for (int i = 0; i < upTo; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @Test
    void referenceTokensModulatedWithTimestepZeroChangeTheOutputImage() throws Exception {
        float[] plain = forward(false, WITH_REFERENCE, 0.7f);
        float[] zero = forward(true, WITH_REFERENCE, 0.7f);
        int outputValues = 24 * 16; // the output image's 24 tokens × 16 features
        double d = maxDiff(plain, zero, outputValues);
        System.out.printf("zero_cond_t: output image tokens change by up to %.3g%n", d);
        assertTrue(d > 1e-3, "the output image's tokens change (max " + d + ")");
    }

    @Test
    void withoutAReferenceImageOrAtTimestepZeroNothingChanges() throws Exception {
        float[] plain = forward(false, OUTPUT_ONLY, 0.7f);
        float[] zero = forward(true, OUTPUT_ONLY, 0.7f);
        double d = maxDiff(plain, zero, plain.length);
        assertTrue(d < 1e-6, "no reference segment: the t half only (max " + d + ")");
        double atZero = maxDiff(forward(false, WITH_REFERENCE, 0f), forward(true, WITH_REFERENCE, 0f), plain.length);
        assertTrue(atZero < 1e-6, "at timestep 0 both halves agree (max " + atZero + ")");
    }
}
