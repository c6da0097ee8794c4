package dev.seedframe.engine.qwenimage.vae;

import static dev.seedframe.testing.TensorAssert.assertClose;
import static dev.seedframe.testing.TensorAssert.floats;
import static dev.seedframe.testing.TensorAssert.maxAbsDiff;
import static dev.seedframe.testing.TensorAssert.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TestRuntime;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The VAE against the golden tensors of the official diffusers code on the tiny checkpoint
 * (FIXTURES-README.md: "VAE encode mean/logvar, VAE decode: max abs 1e-4"). Reference tensors carry
 * the time axis {@code (B, C, 1, H, W)}; with T = 1 their memory layout equals the 4D one.
 */
@Tag("parity")
class QwenImageVaeParityTest {

    /** Fixture README tolerance for VAE encode mean/logvar and decode. */
    static final double VAE_ATOL = 1e-4;

    /** Pure element-wise latent arithmetic (normalisation, posterior sample) on reference inputs. */
    static final double ELEMENTWISE_ATOL = 1e-5;

    /** Fixture README tolerance for randn draws. */
    static final double RANDN_ATOL = 1e-6;

    private static NDManager model;
    private static QwenImageVae vae;
    private NDManager gen;

    @BeforeAll
    static void loadTinyVae() throws Exception {
        model = DjlRuntime.newCpuManager();
        vae = QwenImageVae.load(Golden.tinyModel().resolve("vae"), model,
                TestRuntime.f32().attention(), TestRuntime.get());
    }

    @AfterAll
    static void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    @BeforeEach
    void openGenerationManager() {
        gen = model.newSubManager();
    }

    @AfterEach
    void closeGenerationManager() {
        gen.close();
    }

    @Test
    void encodeMatchesReferenceMeanLogvarAndStd() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("vae_reference.safetensors"));
                DiagonalGaussian posterior = vae.encode(image(ref, "input"))) {
            check(ref, "latent_mean", posterior.mean(), VAE_ATOL);
            check(ref, "latent_logvar", posterior.logvar(), VAE_ATOL);
            check(ref, "latent_std", posterior.std(), VAE_ATOL);
        }
    }

    @Test
    void decodeOfTheReferenceMeanMatchesReferenceImage() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("vae_reference.safetensors"))) {
            check(ref, "decode_of_mean", vae.decode(image(ref, "latent_mean")), VAE_ATOL);
        }
    }

    @Test
    void decodeOfSeededRandomLatentsMatchesReferenceImage() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("vae_reference.safetensors"))) {
            float[] z = new TorchCpuGenerator(1234).randn(shape(ref, "z_random"));
            assertClose("z_random", floats(ref, "z_random"), z, RANDN_ATOL);
            check(ref, "decode_of_z_random", vae.decode(image(ref, "z_random")), VAE_ATOL);
        }
    }

    @Test
    void posteriorSampleIsMeanPlusStdTimesTheGeneratorsDraw() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("vae_reference.safetensors"));
                DiagonalGaussian posterior = vae.encode(image(ref, "input"))) {
            // z_random is torch.randn(latent_mean.shape) from seed 1234: exactly the draw sample() makes.
            NDArray expected = image(ref, "latent_mean").add(image(ref, "latent_std").mul(image(ref, "z_random")));
            NDArray sample = posterior.sample(new TorchCpuGenerator(1234));
            assertClose("sample", expected.toFloatArray(), sample.toFloatArray(), VAE_ATOL);
        }
    }

    @Test
    void textToImageDecodeMatchesPipelineOutput() throws Exception {
        try (SafetensorsFile ref = Golden.caseReference("t2i_basic")) {
            check(ref, "vae_decode.output", vae.decode(image(ref, "vae_decode.input_latents")), VAE_ATOL);
        }
    }

    @Test
    void denormalizeReproducesThePipelinesDecoderInput() throws Exception {
        for (String c : new String[] {"t2i_basic", "img2img", "inpaint_rect"}) {
            try (SafetensorsFile ref = Golden.caseReference(c)) {
                long[] s = shape(ref, "vae_decode.input_latents"); // [B, Z, 1, h, w]
                NDArray latents = unpack(packed(ref, "latents_final_packed"), s[3], s[4]);
                check(ref, "vae_decode.input_latents", vae.denormalize(latents), ELEMENTWISE_ATOL);
            }
        }
    }

    @Test
    void img2imgEncodeAndPosteriorSampleMatchTheFirstGeneratorDraw() throws Exception {
        try (SafetensorsFile ref = Golden.caseReference("img2img");
                DiagonalGaussian posterior = vae.encode(image(ref, "vae_encode0.input"))) {
            check(ref, "vae_encode0.mean", posterior.mean(), VAE_ATOL);
            check(ref, "vae_encode0.logvar", posterior.logvar(), VAE_ATOL);

            TorchCpuGenerator g = new TorchCpuGenerator(11);
            NDArray sample = posterior.sample(g);
            check(ref, "vae_encode0.retrieved_latents", sample, VAE_ATOL);
            // The posterior consumed exactly randn0; the pipeline's noise comes next.
            assertClose("randn1", floats(ref, "randn1"), g.randn(shape(ref, "randn1")), RANDN_ATOL);
        }
    }

    @Test
    void inpaintEncodesImageThenMaskedImageAroundTheNoiseDraw() throws Exception {
        try (SafetensorsFile ref = Golden.caseReference("inpaint_rect")) {
            TorchCpuGenerator g = new TorchCpuGenerator(7);
            try (DiagonalGaussian image = vae.encode(image(ref, "vae_encode0.input"))) {
                check(ref, "vae_encode0.mean", image.mean(), VAE_ATOL);
                check(ref, "vae_encode0.logvar", image.logvar(), VAE_ATOL);
                NDArray latents = image.sample(g);
                check(ref, "vae_encode0.retrieved_latents", latents, VAE_ATOL);
                NDArray normalized = vae.normalize(image(ref, "vae_encode0.retrieved_latents"));
                assertClose("image_latents_packed", floats(ref, "image_latents_packed"),
                        pack(normalized).toFloatArray(), ELEMENTWISE_ATOL);
            }
            assertClose("randn1 (noise)", floats(ref, "randn1"), g.randn(shape(ref, "randn1")), RANDN_ATOL);
            try (DiagonalGaussian masked = vae.encode(image(ref, "vae_encode1.input"))) {
                check(ref, "vae_encode1.mean", masked.mean(), VAE_ATOL);
                check(ref, "vae_encode1.logvar", masked.logvar(), VAE_ATOL);
                check(ref, "vae_encode1.retrieved_latents", masked.sample(g), VAE_ATOL);
            }
        }
    }

    @Test
    @Tag("slow")
    void editEncodesA1024ImageToTheReferenceMean() throws Exception {
        try (SafetensorsFile ref = Golden.caseReference("edit");
                DiagonalGaussian posterior = vae.encode(editInput())) {
            check(ref, "vae_encode0.mean", posterior.mean(), VAE_ATOL);
            NDArray logvarC0 = posterior.logvar().get(":, 0:1");
            check(ref, "vae_encode0.logvar.slice_c0", logvarC0, VAE_ATOL);
            // sample_mode="argmax": the mode, normalised by division.
            NDArray normalized = vae.normalizeDivide(posterior.mode());
            NDArray packedRef = packed(ref, "image_latents_packed");
            assertClose("image_latents_packed", packedRef.toFloatArray(), pack(normalized).toFloatArray(), VAE_ATOL);
        }
    }

    /** {@code input.png / 255 * 2 - 1} as {@code [1, 3, H, W]}, in f32 as diffusers' image processor computes it. */
    private NDArray editInput() throws IOException {
        BufferedImage png = ImageIO.read(Golden.caseDir("edit").resolve("input.png").toFile());
        int h = png.getHeight();
        int w = png.getWidth();
        float[] data = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = png.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int v = (rgb >> (16 - 8 * c)) & 0xff;
                    data[(c * h + y) * w + x] = 2.0f * (v / 255.0f) - 1.0f;
                }
            }
        }
        return gen.create(data, new Shape(1, 3, h, w));
    }

    /** A reference tensor with its time axis {@code (B, C, 1, H, W)} dropped. */
    private NDArray image(SafetensorsFile ref, String name) {
        long[] s = shape(ref, name);
        long[] noTime = s.length == 5 ? new long[] {s[0], s[1], s[3], s[4]} : s;
        return gen.create(floats(ref, name), new Shape(noTime));
    }

    private NDArray packed(SafetensorsFile ref, String name) {
        return gen.create(floats(ref, name), new Shape(shape(ref, name)));
    }

    /** The pipelines' {@code _pack_latents}: {@code [B, Z, h, w] → [B, (h/2)(w/2), 4Z]}. */
    private static NDArray pack(NDArray z) {
        Shape s = z.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return z.reshape(b, c, h / 2, 2, w / 2, 2) // [B, Z, h/2, 2, w/2, 2]
                .transpose(0, 2, 4, 1, 3, 5) // [B, h/2, w/2, Z, 2, 2]
                .reshape(b, (h / 2) * (w / 2), c * 4); // [B, (h/2)(w/2), 4Z]
    }

    /** The pipelines' {@code _unpack_latents} without the time axis: {@code [B, N, 4Z] → [B, Z, h, w]}. */
    private static NDArray unpack(NDArray packed, long h, long w) {
        Shape s = packed.getShape();
        long b = s.get(0);
        long c = s.get(2) / 4;
        return packed.reshape(b, h / 2, w / 2, c, 2, 2) // [B, h/2, w/2, Z, 2, 2]
                .transpose(0, 3, 1, 4, 2, 5) // [B, Z, h/2, 2, w/2, 2]
                .reshape(b, c, h, w); // [B, Z, h, w]
    }

    /** Shape (ignoring the reference's time axis) and values within {@code atol}; logs the max diff. */
    private static void check(SafetensorsFile ref, String name, NDArray actual, double atol) {
        long[] s = shape(ref, name);
        long[] noTime = s.length == 5 ? new long[] {s[0], s[1], s[3], s[4]} : s;
        assertArrayEquals(noTime, actual.getShape().getShape(), name + ": shape");
        float[] expected = floats(ref, name);
        float[] got = actual.toFloatArray();
        System.out.printf("%s %s: max |diff| %.3g%n", ref.path().getParent().getFileName(), name,
                maxAbsDiff(expected, got));
        assertClose(name + " " + Arrays.toString(noTime), expected, got, atol);
    }
}
