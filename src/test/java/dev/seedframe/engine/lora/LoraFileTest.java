package dev.seedframe.engine.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import dev.seedframe.engine.qwenimage.transformer.TransformerConfig;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.HalfFloats;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.SafetensorsWriter;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.LoraFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LoRA files without running a model: the four layouts of the fixtures and PEFT's adapter names read and bound to
 * the tiny transformer's Linears, diffusers' alpha rules, and every kind of bad file refused with a message that
 * names the file and lists what is wrong.
 */
class LoraFileTest {

    static Checkpoint checkpoint;
    static LoraOps ops;

    /** The tiny transformer declared (not loaded) through a LoRA decorator: its Linears are the adapter targets. */
    @BeforeAll
    static void declare() throws Exception {
        checkpoint = Checkpoint.open(Golden.tinyModel().resolve("transformer"), "transformer",
                "diffusion_pytorch_model");
        ops = new LoraOps(Ops.declaringOnly(), null);
        new QwenImageTransformer(TransformerConfig.tiny(), WeightMap.of(checkpoint), ops);
    }

    @AfterAll
    static void close() {
        checkpoint.close();
    }

    static LoraBinding bound(Path file) throws InvalidRequestException {
        return ops.bind(LoraFile.open(file), 1.0);
    }

    static String refusal(Path file) {
        String message = assertThrows(InvalidRequestException.class, () -> bound(file)).getMessage();
        System.out.println("refused: " + message);
        return message;
    }

    static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "\"" + p + "\" missing from: " + message);
        }
    }

    static float[] values(int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * ((i * 37 % 17) - 8) / 8f;
        }
        return v;
    }

    /** Adds a rank-4 module {@code A [4, in]}, {@code B [out, 4]} under {@code key}{@code .lora_A/B.weight}. */
    static SafetensorsWriter ab(SafetensorsWriter w, String key, int in, int out) {
        return w.addF32(key + ".lora_A.weight", values(4 * in, 1), 4, in)
                .addF32(key + ".lora_B.weight", values(out * 4, 1), out, 4);
    }

    @Test
    void theFourLayoutsOfTheFixturesBindToEveryModuleTheyName() throws Exception {
        Object[][] files = {
            {"style_peft.safetensors", "diffusers/PEFT", 34, 4},
            {"style_kohya.safetensors", "kohya/musubi", 34, 4},
            {"detail_aitoolkit.safetensors", "ai-toolkit", 28, 4},
            {"lightning_4step.safetensors", "without a prefix", 28, 8}};
        for (Object[] f : files) {
            LoraFile file = LoraFile.open(LoraFixtures.lora((String) f[0]));
            assertTrue(file.layout().contains((String) f[1]), f[0] + ": " + file.layout());
            assertEquals(f[2], file.moduleCount(), f[0] + " modules");
            assertEquals(f[3], file.maxRank(), f[0] + " rank");
            assertEquals(f[2], ops.bind(file, 1.0).moduleCount(), f[0] + " bound");
        }
        // kohya's flattened top-level names find their Linears
        LoraBinding kohya = bound(LoraFixtures.lora("style_kohya.safetensors"));
        for (String top : new String[] {"img_in", "txt_in", "proj_out", "norm_out.linear",
                "time_text_embed.timestep_embedder.linear_1", "time_text_embed.timestep_embedder.linear_2",
                "transformer_blocks.1.attn.to_out.0", "transformer_blocks.0.attn.add_q_proj",
                "transformer_blocks.0.img_mod.1", "transformer_blocks.1.txt_mlp.net.0.proj"}) {
            assertTrue(kohya.modules().stream().anyMatch(b -> b.target().name().equals(top)), top);
        }
    }

    @Test
    void theSameAdapterInPeftAndKohyaLayoutsHasTheSameMatrices() throws Exception {
        LoraBinding peft = bound(LoraFixtures.lora("style_peft.safetensors"));
        LoraBinding kohya = bound(LoraFixtures.lora("style_kohya.safetensors"));
        try (SafetensorsFile p = SafetensorsFile.open(peft.file().path());
                SafetensorsFile k = SafetensorsFile.open(kohya.file().path())) {
            for (LoraBinding.Bound b : peft.modules()) {
                LoraBinding.Bound other = kohya.modules().stream()
                        .filter(x -> x.target() == b.target()).findFirst().orElseThrow();
                float[][] a = LoraFile.matrices(p, b.module());
                float[][] c = LoraFile.matrices(k, other.module());
                assertArrayEquals(a[0], c[0], 0f, b.target().name());
                assertArrayEquals(a[1], c[1], 0f, b.target().name());
                assertEquals(1.0, b.scaling());
                assertEquals(1.0, other.scaling(), "alpha = rank: scale 1");
            }
        }
    }

    @Test
    void peftAdapterNamesAreDroppedAndBareLoraNamesAccepted(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("named.safetensors");
        ab(new SafetensorsWriter()
                .addF32("transformer.transformer_blocks.0.attn.to_q.lora_A.default.weight", values(4 * 48, 1), 4, 48)
                .addF32("transformer.transformer_blocks.0.attn.to_q.lora_B.default.weight", values(48 * 4, 1), 48, 4),
                "transformer_blocks.1.attn.to_k", 48, 48).write(f);
        assertEquals(2, bound(f).moduleCount());
    }

    /** diffusers' {@code get_alpha_scales}: alpha / rank split between the projections, folded in; A/B files unscaled. */
    @Test
    void alphaIsFoldedIntoDownUpFilesAndIgnoredForLoraAbFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("alphas.safetensors");
        float[] down = values(4 * 48, 0.3f);
        float[] up = values(48 * 4, 0.7f);
        new SafetensorsWriter()
                .addBf16("transformer_blocks.0.attn.to_q.lora_down.weight", down, 4, 48)
                .addBf16("transformer_blocks.0.attn.to_q.lora_up.weight", up, 48, 4)
                .addF32("transformer_blocks.0.attn.to_q.alpha", new float[] {3}) // 3 / 4: scale 0.75
                .addF32("transformer_blocks.0.attn.to_k.lora_down.weight", down, 4, 48)
                .addF32("transformer_blocks.0.attn.to_k.lora_up.weight", up, 48, 4)
                .addF32("transformer_blocks.0.attn.to_k.alpha", new float[] {1}) // 1 / 4: 0.5 and 0.5
                .write(f);
        LoraBinding b = bound(f);
        try (SafetensorsFile r = SafetensorsFile.open(f)) {
            for (LoraBinding.Bound m : b.modules()) {
                float[][] ab = LoraFile.matrices(r, m.module());
                if (m.target().name().endsWith("to_q")) {
                    assertArrayEquals(new double[] {0.75, 1.0}, m.module().alphaScales(), 0);
                    // a BF16 file: the product is rounded to bf16, as torch multiplies a bf16 tensor by a float
                    assertEquals(HalfFloats.roundToBf16(HalfFloats.roundToBf16(down[5]) * 0.75f), ab[0][5]);
                    assertEquals(HalfFloats.roundToBf16(up[5]), ab[1][5]);
                } else {
                    assertArrayEquals(new double[] {0.5, 0.5}, m.module().alphaScales(), 0);
                    assertEquals(down[5] * 0.5f, ab[0][5]);
                    assertEquals(up[5] * 0.5f, ab[1][5]);
                }
                assertEquals(1.0, m.scaling());
            }
        }
        Path ab = dir.resolve("ab_with_alpha.safetensors");
        new SafetensorsWriter()
                .addF32("diffusion_model.transformer_blocks.0.attn.to_q.lora_A.weight", down, 4, 48)
                .addF32("diffusion_model.transformer_blocks.0.attn.to_q.lora_B.weight", up, 48, 4)
                .addF32("diffusion_model.transformer_blocks.0.attn.to_q.alpha", new float[] {1})
                .write(ab);
        LoraBinding.Bound m = ops.bind(LoraFile.open(ab), 0.6).modules().get(0);
        assertArrayEquals(new double[] {1, 1}, m.module().alphaScales(), 0, "alpha ignored for lora_A/lora_B");
        assertEquals(0.6, m.scaling(), 1e-15);
    }

    @Test
    void aDiffusersLoraConfigInTheMetadataSetsTheScale(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("config.safetensors");
        ab(ab(new SafetensorsWriter(), "transformer.transformer_blocks.0.attn.to_q", 48, 48),
                "transformer.transformer_blocks.0.attn.to_k", 48, 48)
                .metadata(AdapterConfig.METADATA_KEY, "{\"transformer.r\": 4, \"transformer.lora_alpha\": 8,"
                        + " \"transformer.alpha_pattern\": {\"attn.to_k\": 2}}")
                .write(f);
        for (LoraBinding.Bound b : ops.bind(LoraFile.open(f), 0.5).modules()) {
            assertEquals(b.target().name().endsWith("to_k") ? 0.5 * 2 / 4 : 0.5 * 8 / 4, b.scaling(), 1e-15,
                    b.target().name());
        }
    }

    @Test
    void shapesThatDoNotFitAreListed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("wrong_shapes.safetensors");
        ab(ab(new SafetensorsWriter(), "transformer.transformer_blocks.0.attn.to_q", 40, 48),
                "transformer.transformer_blocks.1.img_mlp.net.2", 48, 48).write(f);
        assertMentions(refusal(f), "The LoRA file wrong_shapes.safetensors", "does not fit this model",
                "2 modules whose shapes do not fit their Linear",
                "transformer_blocks.0.attn.to_q: the LoRA maps 40 → 48 features", "the Linear 48 → 48",
                "transformer_blocks.1.img_mlp.net.2: the LoRA maps 48 → 48", "the Linear 192 → 48");
    }

    @Test
    void keysThatMatchNoModuleOrNoLayoutAreListed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("other_model.safetensors");
        ab(new SafetensorsWriter(), "transformer.transformer_blocks.7.attn.to_q", 48, 48)
                .addF32("lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight", values(4 * 48, 1), 4, 48)
                .addF32("lora_unet_double_blocks_0_img_attn_qkv.lora_up.weight", values(48 * 4, 1), 48, 4)
                .write(f);
        assertMentions(refusal(f), "2 modules that match no Linear of this model's transformer",
                "transformer_blocks.7.attn.to_q", "double_blocks_0_img_attn_qkv");
        Path g = dir.resolve("not_lora.safetensors");
        new SafetensorsWriter()
                .addF32("transformer_blocks.0.attn.to_q.weight", values(48 * 48, 1), 48, 48)
                .addF32("lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight", values(64, 1), 4, 16)
                .addF32("lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_up.weight", values(64, 1), 16, 4)
                .write(g);
        assertMentions(refusal(g), "not_lora.safetensors", "cannot be used",
                "1 tensors of no known LoRA layout:\n  transformer_blocks.0.attn.to_q.weight",
                "2 text-encoder tensors (Seedframe applies LoRAs to the transformer only)",
                "lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight");
    }

    @Test
    void adapterTypesOtherThanLoraAreNamedAndListed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lycoris.safetensors");
        new SafetensorsWriter()
                .addF32("lora_unet_transformer_blocks_0_attn_to_q.lokr_w1", values(16, 1), 4, 4)
                .addF32("lora_unet_transformer_blocks_0_attn_to_q.lokr_w2", values(144, 1), 12, 12)
                .addF32("lora_unet_transformer_blocks_0_attn_to_q.alpha", new float[] {1})
                .addF32("lora_unet_transformer_blocks_0_attn_to_k.hada_w1_a", values(192, 1), 48, 4)
                .addF32("lora_unet_transformer_blocks_0_attn_to_v.lora_down.weight", values(192, 1), 4, 48)
                .addF32("lora_unet_transformer_blocks_0_attn_to_v.lora_up.weight", values(192, 1), 48, 4)
                .addF32("lora_unet_transformer_blocks_0_attn_to_v.dora_scale", values(48, 1), 1, 48)
                .write(f);
        assertMentions(refusal(f), "lycoris.safetensors", "cannot be used",
                "2 LoKr tensors (not supported: Seedframe applies LoRA adapters only)",
                "lora_unet_transformer_blocks_0_attn_to_q.lokr_w1", "lora_unet_transformer_blocks_0_attn_to_q.lokr_w2",
                "1 LoHa tensors", "lora_unet_transformer_blocks_0_attn_to_k.hada_w1_a",
                "1 DoRA tensors", "lora_unet_transformer_blocks_0_attn_to_v.dora_scale",
                "alphas without a module");
    }

    @Test
    void aProjectionWithoutItsPartnerIsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("half.safetensors");
        new SafetensorsWriter()
                .addF32("transformer.transformer_blocks.0.attn.to_q.lora_A.weight", values(192, 1), 4, 48)
                .write(f);
        assertMentions(refusal(f), "projections without their partner",
                "transformer.transformer_blocks.0.attn.to_q.lora_A.weight");
    }

    @Test
    void truncatedAndDamagedFilesAreNamed(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(LoraFixtures.lora("style_peft.safetensors"));
        Path cut = dir.resolve("style_peft.safetensors");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 1000));
        assertMentions(refusal(cut), "The LoRA file style_peft.safetensors", "is damaged or truncated", "truncated");
        Path garbage = dir.resolve("garbage.safetensors");
        Files.write(garbage, "not a safetensors file at all, just text".getBytes());
        assertMentions(refusal(garbage), "garbage.safetensors", "is damaged or truncated, or not a safetensors file");
        assertMentions(refusal(dir.resolve("missing.safetensors")), "missing.safetensors", "does not exist");
        assertMentions(refusal(dir), "is not a file");
    }

    @Test
    void pickledFilesAreRefusedUnopened(@TempDir Path dir) throws Exception {
        for (String name : new String[] {"adapter.pt", "adapter.bin", "adapter.ckpt", "adapter.pth"}) {
            Path f = dir.resolve(name);
            Files.copy(LoraFixtures.lora("style_peft.safetensors"), f); // even safetensors bytes: never opened
            assertMentions(refusal(f), name, "is a pickled PyTorch checkpoint", "never unpickles",
                    "use the .safetensors version");
        }
        Path pickle = dir.resolve("renamed.safetensors");
        Files.write(pickle, new byte[] {(byte) 0x80, 0x02, 'c', 'o', 's', '\n'});
        assertMentions(refusal(pickle), "renamed.safetensors", "pickled PyTorch checkpoint (by its content)");
        Path zip = dir.resolve("zipped.safetensors");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        assertMentions(refusal(zip), "pickled PyTorch checkpoint (by its content)");
    }

    @Test
    void theLibraryHashesOnceAndReadsAChangedFileAgain(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("style.safetensors");
        Files.copy(LoraFixtures.lora("style_peft.safetensors"), f);
        LoraLibrary library = new LoraLibrary();
        LoraFile first = library.open(f);
        assertEquals("aeb500397936f6d12b48abbac2e7df43e7081dd349aef547e7a99e0b1a94f04e", first.sha256());
        assertTrue(first == library.open(f), "read once");
        Files.copy(LoraFixtures.lora("style_kohya.safetensors"), f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(first.modified() + 5000));
        assertEquals("d65847f36a3f489dd802700ddc3386db9706743ead192171da352560456a77e1", library.open(f).sha256());
    }

    @Test
    void theLibraryKeepsARefusalWhileTheFileIsAsItWas(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("notes.safetensors");
        Files.writeString(f, "not a safetensors file");
        java.nio.file.attribute.FileTime at = Files.getLastModifiedTime(f);
        LoraLibrary library = new LoraLibrary();
        String refusal = assertThrows(InvalidRequestException.class, () -> library.open(f)).getMessage();
        assertMentions(refusal, "notes.safetensors", "damaged or truncated");
        // the same size and time: not read again (the refusal is remembered)
        Files.writeString(f, "NOT A SAFETENSORS FILE");
        Files.setLastModifiedTime(f, at);
        assertEquals(refusal, assertThrows(InvalidRequestException.class, () -> library.open(f)).getMessage());
        // changed on disk: read again
        Files.copy(LoraFixtures.lora("style_peft.safetensors"), f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("aeb500397936f6d12b48abbac2e7df43e7081dd349aef547e7a99e0b1a94f04e", library.open(f).sha256());
    }

    @Test
    void halfPrecisionRoundingIsTiesToEven() {
        assertEquals(1.0f, LoraFile.roundToF16(1.0f + 0x1p-11f), "a tie rounds to the even neighbour");
        assertEquals(1.0f + 0x1p-9f, LoraFile.roundToF16(1.0f + 0x1p-10f + 0x1p-11f), "a tie rounds up to even");
        assertEquals(65504f, LoraFile.roundToF16(65519f));
        assertEquals(Float.POSITIVE_INFINITY, LoraFile.roundToF16(65520f));
        assertEquals(0x1p-24f, LoraFile.roundToF16(0x1.8p-25f), "subnormal halves round to even too");
        assertEquals(-3.140625f, LoraFile.roundToF16(-3.1416f));
    }

    @Test
    void keyLayoutsAreTakenApart() {
        LoraKey k = LoraKey.parse("lora_unet_transformer_blocks_3_attn_to_add_out.lora_up.weight");
        assertEquals(LoraKey.Layout.KOHYA, k.layout());
        assertTrue(k.flattened());
        assertEquals("transformer_blocks_3_attn_to_add_out", k.module());
        assertEquals(LoraKey.Part.UP, k.part());
        LoraKey a = LoraKey.parse("diffusion_model.transformer_blocks.3.attn.to_out.0.lora_B.weight");
        assertEquals(LoraKey.Layout.AI_TOOLKIT, a.layout());
        assertEquals("transformer_blocks.3.attn.to_out.0", a.module());
        assertEquals(LoraKey.Part.B, a.part());
        assertEquals(LoraKey.Part.ALPHA, LoraKey.parse("transformer_blocks.0.img_mod.1.alpha").part());
    }
}
