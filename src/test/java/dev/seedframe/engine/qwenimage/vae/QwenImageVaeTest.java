package dev.seedframe.engine.qwenimage.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.CheckpointMismatchException;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.SafetensorsWriter;
import dev.seedframe.engine.weights.TensorInfo;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TestRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QwenImageVaeTest {

    private static NDManager model;
    private static QwenImageVae vae;

    @BeforeAll
    static void loadTinyVae() throws Exception {
        model = DjlRuntime.newCpuManager();
        vae = QwenImageVae.load(tinyVaeDir(), model, TestRuntime.f32().attention(), TestRuntime.get());
    }

    @AfterAll
    static void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    private static Path tinyVaeDir() {
        return Golden.tinyModel().resolve("vae");
    }

    /** Declares {@code cfg} against the tiny checkpoint (used only as a key container) without loading. */
    private static Map<String, long[]> declared(VaeConfig cfg) throws WeightsException {
        try (Checkpoint ck = Checkpoint.open(tinyVaeDir(), "vae", QwenImageVae.WEIGHTS_BASE_NAME)) {
            WeightMap w = WeightMap.of(ck);
            new QwenImageVae(cfg, w, TestRuntime.f32().attention());
            Map<String, long[]> out = new LinkedHashMap<>();
            for (Param p : w.params()) {
                out.put(p.key(), p.shape().getShape());
            }
            return out;
        }
    }

    @Test
    void theTinyConfigDeclaresExactlyTheCheckpointsTensorsExceptTimeConvs() throws Exception {
        try (Checkpoint ck = Checkpoint.open(tinyVaeDir(), "vae", QwenImageVae.WEIGHTS_BASE_NAME)) {
            Map<String, long[]> d = declared(VaeConfig.tiny());
            for (String name : ck.names()) {
                if (name.contains(".time_conv.")) {
                    assertFalse(d.containsKey(name), name);
                } else {
                    assertTrue(d.containsKey(name), "not declared: " + name);
                }
            }
            assertEquals(ck.names().stream().filter(n -> !n.contains(".time_conv.")).count(), d.size());
        }
    }

    @Test
    void theReleasedConfigHasTheReleasedParameterCount() throws Exception {
        Map<String, long[]> d = declared(VaeConfig.qwenImage());
        long declaredNumel = d.values().stream().mapToLong(s -> Arrays.stream(s).reduce(1, (a, b) -> a * b)).sum();
        // time_conv weights + biases of encoder down_blocks.5 (192) and .8 (384), decoder up_blocks.0/1 (384 → 768)
        long timeConvs = (192 * 192 * 3 + 192) + (384 * 384 * 3 + 384) + 2 * (768 * 384 * 3 + 768);
        // docs/QWEN-IMAGE-SPEC.md A.3: 126,892,531 parameters (matches the 254 MB bf16 file)
        assertEquals(126_892_531L, declaredNumel + timeConvs);
        // spec D.2/D.3 landmarks
        assertEquals(List.of(384L, 192L, 3L, 3L, 3L), boxed(d.get("encoder.down_blocks.6.conv1.weight")));
        assertEquals(List.of(384L, 192L, 1L, 1L, 1L), boxed(d.get("decoder.up_blocks.1.resnets.0.conv_shortcut.weight")));
        assertEquals(List.of(96L, 192L, 3L, 3L), boxed(d.get("decoder.up_blocks.2.upsamplers.0.resample.1.weight")));
        assertEquals(List.of(32L, 384L, 3L, 3L, 3L), boxed(d.get("encoder.conv_out.weight")));
        assertFalse(d.containsKey("decoder.up_blocks.3.upsamplers.0.resample.1.weight"));
    }

    private static List<Long> boxed(long[] s) {
        return Arrays.stream(s).boxed().toList();
    }

    @Test
    void attentionScalesInsertEncoderAttentionBlocksIntoTheDownBlockList() throws Exception {
        VaeConfig cfg = new VaeConfig(12, 4, new int[] {1, 2, 4}, 1, new double[] {0.5}, new boolean[] {false, true},
                0.0, 3, new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1});
        Map<String, long[]> d = declared(cfg);
        // scale 1: res(0), down(1); scale 0.5: res(2), attention(3), down(4); scale 0.25: res(5)
        assertTrue(d.containsKey("encoder.down_blocks.1.resample.1.weight"));
        assertTrue(d.containsKey("encoder.down_blocks.3.to_qkv.weight"));
        assertTrue(d.containsKey("encoder.down_blocks.4.resample.1.weight"));
        assertTrue(d.containsKey("encoder.down_blocks.5.conv1.weight"));
    }

    @Test
    void inputChannelsSizeTheImageConvolutions() throws Exception {
        VaeConfig cfg = new VaeConfig(12, 4, new int[] {1, 2, 4}, 1, new double[0], new boolean[] {false, true},
                0.0, 4, new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1});
        Map<String, long[]> d = declared(cfg);
        assertEquals(List.of(12L, 4L, 3L, 3L, 3L), boxed(d.get("encoder.conv_in.weight")));
        assertEquals(List.of(4L, 12L, 3L, 3L, 3L), boxed(d.get("decoder.conv_out.weight")));
    }

    @Test
    void aConfigThatDisagreesWithTheWeightsListsEveryMisShapedTensor() throws Exception {
        VaeConfig wider = new VaeConfig(16, 4, new int[] {1, 2, 4}, 1, new double[0], new boolean[] {false, true},
                0.0, 3, new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1});
        try (NDManager m = DjlRuntime.newCpuManager();
                Checkpoint ck = Checkpoint.open(tinyVaeDir(), "vae", QwenImageVae.WEIGHTS_BASE_NAME)) {
            WeightMap w = WeightMap.of(ck);
            new QwenImageVae(wider, w, TestRuntime.f32().attention());
            CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class, () -> w.load(m));
            assertTrue(e.wrongShape().contains(
                    "encoder.conv_in.weight: checkpoint has [12, 3, 3, 3, 3], config expects [16, 3, 3, 3, 3]"),
                    e.getMessage());
            assertTrue(e.wrongShape().contains(
                    "decoder.norm_out.gamma: checkpoint has [12, 1, 1, 1], config expects [16, 1, 1, 1]"),
                    e.getMessage());
            // every conv, norm and bias of every block is wrong: all listed at once, nothing else
            assertEquals(0, e.missing().size(), e.getMessage());
            assertEquals(0, e.unexpected().size(), e.getMessage());
            assertTrue(e.wrongShape().size() > 50, e.getMessage());
            assertTrue(e.getMessage().contains("tensors with the wrong shape"), e.getMessage());
        }
    }

    @Test
    void anExtraStageShowsUpAsMissingTensors(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("vae");
        Files.createDirectories(dir);
        Files.copy(tinyVaeDir().resolve("diffusion_pytorch_model.safetensors"),
                dir.resolve("diffusion_pytorch_model.safetensors"));
        String json = Files.readString(tinyVaeDir().resolve("config.json"))
                .replaceAll("\"dim_mult\": \\[[^]]*]", "\"dim_mult\": [1, 2, 4, 4]")
                .replaceAll("\"temperal_downsample\": \\[[^]]*]", "\"temperal_downsample\": [false, true, true]");
        Files.writeString(dir.resolve("config.json"), json);
        try (NDManager m = DjlRuntime.newCpuManager()) {
            CheckpointMismatchException e =
                    assertThrows(CheckpointMismatchException.class, () -> QwenImageVae.load(dir, m,
                            TestRuntime.f32().attention(), TestRuntime.get()));
            assertTrue(e.missing().contains("encoder.down_blocks.6.conv1.weight"), e.getMessage());
            assertTrue(e.missing().contains("decoder.up_blocks.3.resnets.1.conv2.weight"), e.getMessage());
        }
    }

    @Test
    void encodeRefusesAnImageWithATimeAxis() {
        try (NDManager gen = model.newSubManager()) {
            NDArray x = gen.zeros(new Shape(1, 3, 1, 32, 32));
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> vae.encode(x));
            assertTrue(e.getMessage().contains("remove the time axis"), e.getMessage());
        }
    }

    @Test
    void encodeRefusesTheWrongChannelCount() {
        try (NDManager gen = model.newSubManager()) {
            NDArray x = gen.zeros(new Shape(1, 4, 32, 32));
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> vae.encode(x));
            assertTrue(e.getMessage().contains("expects 3-channel images; got 4"), e.getMessage());
        }
    }

    @Test
    void encodeRefusesSizesThatAreNotMultiplesOfTheScaleFactor() {
        try (NDManager gen = model.newSubManager()) {
            NDArray x = gen.zeros(new Shape(1, 3, 30, 32));
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> vae.encode(x));
            assertTrue(e.getMessage().contains("multiples of 4; got 30×32"), e.getMessage());
        }
    }

    @Test
    void encodeRefusesNonFloat32Images() {
        try (NDManager gen = model.newSubManager()) {
            NDArray x = gen.zeros(new Shape(1, 3, 32, 32), DataType.FLOAT16);
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> vae.encode(x));
            assertTrue(e.getMessage().contains("float32"), e.getMessage());
        }
    }

    @Test
    void decodeRefusesLatentsWithTheWrongChannelCount() {
        try (NDManager gen = model.newSubManager()) {
            NDArray z = gen.zeros(new Shape(1, 16, 8, 8));
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> vae.decode(z));
            assertTrue(e.getMessage().contains("z_dim = 4 channels; got 16"), e.getMessage());
        }
    }

    @Test
    void decodeScalesLatentsUpByTheScaleFactor() throws Exception {
        try (NDManager gen = model.newSubManager()) {
            NDArray z = gen.create(new TorchCpuGenerator(3).randn(1, 4, 6, 10), new Shape(1, 4, 6, 10));
            assertEquals(new Shape(1, 3, 24, 40), vae.decode(z).getShape());
        }
    }

    @Test
    void decodedImagesAreClampedToTheUnitRange(@TempDir Path tmp) throws Exception {
        // The tiny decoder's outputs stay well inside [-1, 1]; push them out with a conv_out bias of ±5.
        Path dir = tmp.resolve("vae");
        Files.createDirectories(dir);
        Files.copy(tinyVaeDir().resolve("config.json"), dir.resolve("config.json"));
        Path weights = tinyVaeDir().resolve(QwenImageVae.WEIGHTS_BASE_NAME + ".safetensors");
        try (SafetensorsFile src = SafetensorsFile.open(weights)) {
            SafetensorsWriter out = new SafetensorsWriter();
            for (TensorInfo t : src.tensors().values()) {
                float[] v = src.floats(t.name());
                if (t.name().equals("decoder.conv_out.bias")) {
                    v = new float[] {5f, -5f, 0f};
                }
                out.addF32(t.name(), v, t.shape());
            }
            out.write(dir.resolve(QwenImageVae.WEIGHTS_BASE_NAME + ".safetensors"));
        }
        try (NDManager m = DjlRuntime.newCpuManager()) {
            QwenImageVae biased = QwenImageVae.load(dir, m, TestRuntime.f32().attention(), TestRuntime.get());
            NDArray z = m.create(new TorchCpuGenerator(3).randn(1, 4, 6, 10), new Shape(1, 4, 6, 10));
            NDArray image = biased.decode(z);
            assertEquals(1f, image.get("0, 0").min().getFloat(), "red saturates at +1");
            assertEquals(-1f, image.get("0, 1").max().getFloat(), "green saturates at -1");
            assertTrue(image.get("0, 2").abs().max().getFloat() < 1f, "blue is untouched");
        }
    }

    @Test
    void normalizeThenDenormalizeRestoresTheLatents() throws Exception {
        try (NDManager gen = model.newSubManager()) {
            float[] values = new TorchCpuGenerator(5).randn(2, 4, 3, 5);
            NDArray z = gen.create(values, new Shape(2, 4, 3, 5));
            float[] back = vae.denormalize(vae.normalize(z)).toFloatArray();
            float[] backDiv = vae.denormalize(vae.normalizeDivide(z)).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], back[i], 1e-5);
                assertEquals(values[i], backDiv[i], 1e-5);
            }
        }
    }

    @Test
    void normalizeUsesEachChannelsMeanAndStd() throws Exception {
        try (NDManager gen = model.newSubManager()) {
            double[] mean = VaeConfig.tiny().latentsMean();
            double[] std = VaeConfig.tiny().latentsStd();
            NDArray z = gen.ones(new Shape(1, 4, 1, 1));
            float[] n = vae.normalize(z).toFloatArray();
            for (int c = 0; c < 4; c++) {
                assertEquals((1 - mean[c]) / std[c], n[c], 1e-6);
            }
        }
    }

    @Test
    void repeatedEncodeAndDecodeLeaveNoArraysBehind() throws Exception {
        int weights = model.getManagedArrays().size();
        try (NDManager gen = model.newSubManager()) {
            NDArray x = gen.create(new TorchCpuGenerator(9).randn(2, 3, 32, 48), new Shape(2, 3, 32, 48));
            int before = gen.getManagedArrays().size();
            TorchCpuGenerator g = new TorchCpuGenerator(1);
            for (int i = 0; i < 4; i++) {
                try (DiagonalGaussian posterior = vae.encode(x);
                        NDArray latents = posterior.sample(g);
                        NDArray normalized = vae.normalize(latents);
                        NDArray restored = vae.denormalize(normalized);
                        NDArray image = vae.decode(restored)) {
                    assertEquals(x.getShape(), image.getShape());
                }
                assertEquals(before, gen.getManagedArrays().size(), "arrays alive after call " + i);
            }
        }
        assertEquals(weights, model.getManagedArrays().size(), "model manager");
    }

    @Test
    void loadFailsClearlyWhenTheWeightsAreMissing(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("vae");
        Files.createDirectories(dir);
        Files.copy(tinyVaeDir().resolve("config.json"), dir.resolve("config.json"));
        try (NDManager m = DjlRuntime.newCpuManager()) {
            WeightsException e = assertThrows(WeightsException.class, () -> QwenImageVae.load(dir, m,
                    TestRuntime.f32().attention(), TestRuntime.get()));
            assertTrue(e.getMessage().contains("holds no weights"), e.getMessage());
        }
    }
}
