package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.CaseArgs;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Text-to-image with the model opened in {@link Precision#BF16}, end to end on the tiny checkpoint, against
 * the official float32 pipeline's output.
 *
 * <p>To compare with the f32 reference the run uses the reference's noise rounded to bf16 (exact for
 * most values: the draw is what {@link TorchCpuGenerator#randn} gives, its bf16 rounding moves each value by
 * at most 2^-9 relative); a real bf16 run draws with torch's bf16 kernel ({@link
 * #nativeBf16NoiseIsTorchsBf16Draw}), which bears no resemblance to the f32 draw, so no f32 golden could
 * check it.
 *
 * <p>Tolerances, for the decoded image {@code vae_decode.output} in [-1, 1] (peak-to-peak 2): PSNR ≥ 50 dB,
 * max abs ≤ 0.04 (2% of the range), and the 8-bit pixels within 4 levels of {@code output.png}. Why: every transformer call has ~1% relative error in bf16 (see
 * {@link QwenImageTransformerBf16ParityTest}: 8-bit significand, 2^-9 per rounding, ~40 rounded ops per
 * block, plus σ rounded to bf16), the latents are rounded to bf16 after every Euler step, and 4 steps compound
 * this; the f32 VAE then decodes latents that differ by ~1%. f32 parity, by contrast, reaches ~100 dB. A
 * structural mistake (wrong CFG rescale, lost mask, wrong σ) gives PSNR well under 30 dB on these
 * noise-like images. Measured on this CPU (libtorch 2.7.1): t2i_basic PSNR 63.1 dB, max abs 0.0090, relative
 * 0.84% (final latents 0.52%); t2i_cfg PSNR 60.6 dB, max abs 0.0117, relative 1.12% (final latents 0.73%);
 * pixels at most 2 levels off. The bounds leave about 3x (10 dB) of margin.
 */
@Tag("parity")
class TextToImageBf16ParityTest {

    static final double MIN_PSNR_DB = 50;
    static final double MAX_ABS = 0.04;
    static final int MAX_PIXEL_LEVELS = 4;

    static QwenImageModel model;

    @BeforeAll
    static void open() throws Exception {
        model = QwenImageModel.open(Golden.tinyModel(), Precision.BF16);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    static Map<String, float[]> run(String caseName) throws Exception {
        return run(caseName, new byte[1][]);
    }

    static Map<String, float[]> run(String caseName, byte[][] pixels) throws Exception {
        Map<String, float[]> seen = new LinkedHashMap<>();
        GenerationOutput out = model.generate(CaseArgs.of(caseName).request(PipelineKind.TEXT_TO_IMAGE).build(),
                StepListener.NONE, new CancellationToken(), (String name, NDArray value) ->
                        seen.put(name, value.toFloatArray()));
        assertEquals(out.image().width() * out.image().height() * 3, out.image().rgb().length);
        pixels[0] = out.image().rgb();
        return seen;
    }

    /** PSNR over a peak-to-peak range of 2 ([-1, 1]), max abs and relative Frobenius error. */
    static double[] stats(float[] expected, float[] actual) {
        double se = 0;
        double ref = 0;
        double maxAbs = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(actual[i]), "non-finite value at " + i);
            double d = actual[i] - expected[i];
            se += d * d;
            ref += (double) expected[i] * expected[i];
            maxAbs = Math.max(maxAbs, Math.abs(d));
        }
        double mse = se / expected.length;
        return new double[] {10 * Math.log10(4 / mse), maxAbs, Math.sqrt(se / ref)};
    }

    void checkCase(String caseName) throws Exception {
        model.probe().useRoundedF32NoiseForBf16(true);
        try (SafetensorsFile ref = Golden.caseReference(caseName)) {
            byte[][] pixels = new byte[1][];
            Map<String, float[]> seen = run(caseName, pixels);
            long[] png = TensorAssert.longs(ref, "output_png_uint8");
            int levels = 0;
            for (int i = 0; i < png.length; i++) {
                levels = Math.max(levels, (int) Math.abs(png[i] - (pixels[0][i] & 0xff)));
            }
            double[] lat = stats(TensorAssert.floats(ref, "vae_decode.input_latents"),
                    seen.get("vae_decode.input_latents"));
            double[] img = stats(TensorAssert.floats(ref, "vae_decode.output"), seen.get("vae_decode.output"));
            System.out.printf("%s bf16 vs f32 reference: final latents rel %.4g max abs %.4g; image PSNR %.2f dB,"
                    + " max abs %.4g, rel %.4g; pixels within %d levels%n", caseName, lat[2], lat[1], img[0], img[1],
                    img[2], levels);
            assertTrue(levels <= MAX_PIXEL_LEVELS, caseName + ": a pixel is " + levels + " levels off");
            assertTrue(img[0] >= MIN_PSNR_DB, caseName + ": PSNR " + img[0] + " dB < " + MIN_PSNR_DB);
            assertTrue(img[1] <= MAX_ABS, caseName + ": max abs " + img[1] + " > " + MAX_ABS);
        } finally {
            model.probe().useRoundedF32NoiseForBf16(false);
        }
    }

    @Test
    void textToImageIsWithinBf16ToleranceOfTheFloat32Reference() throws Exception {
        checkCase("t2i_basic");
    }

    @Test
    void guidedTextToImageIsWithinBf16ToleranceOfTheFloat32Reference() throws Exception {
        checkCase("t2i_cfg");
    }

    @Test
    void nativeBf16NoiseIsTorchsBf16Draw() throws Exception {
        CaseArgs args = CaseArgs.of("t2i_basic");
        Map<String, float[]> seen = run("t2i_basic");
        long seed = args.request(PipelineKind.TEXT_TO_IMAGE).build().seed();
        float[] noise = seen.get("randn0");
        assertArrayEquals(new TorchCpuGenerator(seed).randnBf16(noise.length), noise);
        assertEquals("bfloat16", model.environment().dtype());
        assertEquals(TorchCpuGenerator.ALGORITHM_BF16, model.environment().noiseSource());
    }
}
