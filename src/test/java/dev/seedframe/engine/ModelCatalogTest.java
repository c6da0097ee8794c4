package dev.seedframe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.testing.Golden;
import dev.seedframe.testing.ModelFixtures;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the engine tells the model list about pipeline folders, single files and memory. */
class ModelCatalogTest {

    @TempDir
    Path tmp;

    @Test
    void theTinyPipelineIsACompleteFloat32QwenImage() throws IOException {
        PipelineDescription d = ModelCatalog.describeFolder(Golden.tinyModel(), null).orElseThrow();
        assertEquals(ModelVariant.QWEN_IMAGE, d.variant());
        assertEquals("f32", d.precision());
        assertTrue(d.complete(), d.problems().toString());
        long du;
        try (Stream<Path> s = Files.walk(Golden.tinyModel(), FileVisitOption.FOLLOW_LINKS)) {
            du = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertEquals(du, d.sizeBytes());
        ModelWeights w = d.weights();
        assertEquals(2, w.transformerBlocks());
        assertEquals(48, w.transformerWidth());
        assertEquals(2, w.textEncoderLayers());
        assertTrue(w.transformerBlockParams() > 0 && w.transformerOtherParams() > 0 && w.vaeParams() > 0
                && w.textEncoderLayerParams() > 0 && w.visionParams() > 0);
        assertFalse(w.edit());
    }

    @Test
    void eachFamilyMemberIsToldApart() throws IOException {
        assertEquals(ModelVariant.EDIT, ModelCatalog.describeFolder(Golden.tinyEditModel(), null).orElseThrow().variant());
        Path e2511 = ModelFixtures.edit2511(tmp.resolve("some-edit"));
        PipelineDescription d = ModelCatalog.describeFolder(e2511, null).orElseThrow();
        assertEquals(ModelVariant.EDIT_2511, d.variant());
        assertTrue(d.basis().contains("zero_cond_t: true"), d.basis());
        assertTrue(d.complete(), d.problems().toString());
        assertTrue(d.weights().edit());
        Path config = e2511.resolve("transformer").resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"zero_cond_t\": true", "\"zero_cond_t\": false"));
        assertEquals(ModelVariant.EDIT_2509, ModelCatalog.describeFolder(e2511, null).orElseThrow().variant());
        // Qwen-Image-2512 has Qwen-Image's configs: only its name says which it is
        Path named = Files.createSymbolicLink(tmp.resolve("Qwen-Image-2512"), Golden.tinyModel());
        assertEquals(ModelVariant.QWEN_IMAGE_2512, ModelCatalog.describeFolder(named, null).orElseThrow().variant());
        assertEquals(ModelVariant.QWEN_IMAGE_2512,
                ModelCatalog.describeFolder(Golden.tinyModel(), "Qwen/Qwen-Image-2512").orElseThrow().variant());
    }

    @Test
    void anIncompletePipelineNamesWhatIsMissing() throws IOException {
        Path copy = tmp.resolve("partial");
        try (Stream<Path> s = Files.walk(Golden.tinyModel())) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path to = copy.resolve(Golden.tinyModel().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Files.delete(copy.resolve("transformer/diffusion_pytorch_model-00003-of-00005.safetensors"));
        Files.delete(copy.resolve("tokenizer/tokenizer.json"));
        Files.delete(copy.resolve("tokenizer/vocab.json"));
        Path vae = copy.resolve("vae/diffusion_pytorch_model.safetensors");
        byte[] bytes = Files.readAllBytes(vae);
        Files.write(vae, java.util.Arrays.copyOf(bytes, bytes.length - 1000)); // truncated, as a cut copy leaves it
        PipelineDescription d = ModelCatalog.describeFolder(copy, null).orElseThrow();
        assertFalse(d.complete());
        String all = String.join("\n", d.problems());
        assertTrue(all.contains("diffusion_pytorch_model-00003-of-00005.safetensors"), all);
        assertTrue(all.contains("tokenizer/"), all);
        assertTrue(all.contains("truncated"), all);
        assertNull(d.weights(), "no estimate from weights that cannot all be read");
        assertTrue(ModelCatalog.describeFolder(tmp, null).isEmpty(), "a folder without model_index.json is none");
    }

    @Test
    void comfyUiSingleFilesAreRecognisedFromTheirHeaders() throws IOException {
        Path models = ModelFixtures.comfyUi(tmp.resolve("ComfyUI"));
        SingleFileDescription bf16 = ModelCatalog.describeFile(
                models.resolve("diffusion_models/qwen_image_tiny_bf16.safetensors")).orElseThrow();
        assertEquals(SingleFileDescription.Component.TRANSFORMER, bf16.component());
        assertEquals("bf16", bf16.precision());
        assertEquals("model.diffusion_model.", bf16.keyLayout());
        assertNull(bf16.variantHint());
        SingleFileDescription fp8 = ModelCatalog.describeFile(
                models.resolve("diffusion_models/qwen_image_edit_2509_tiny_fp8_e4m3fn.safetensors")).orElseThrow();
        assertEquals("fp8 e4m3fn", fp8.precision());
        assertEquals(ModelVariant.EDIT_2509, fp8.variantHint());
        assertEquals("fp8 e4m3fn scaled", ModelCatalog.describeFile(
                models.resolve("diffusion_models/qwen_image_tiny_fp8_scaled.safetensors")).orElseThrow().precision());
        SingleFileDescription te = ModelCatalog.describeFile(
                models.resolve("text_encoders/qwen_2.5_vl_tiny.safetensors")).orElseThrow();
        assertEquals(SingleFileDescription.Component.TEXT_ENCODER, te.component());
        assertTrue(te.detail().contains("with vision tower"), te.detail());
        assertEquals("f32", te.precision());
        assertEquals(SingleFileDescription.Component.VAE, ModelCatalog.describeFile(
                models.resolve("vae/qwen_image_vae_tiny.safetensors")).orElseThrow().component());
        assertTrue(ModelCatalog.describeFile(models.resolve("diffusion_models/sdxl_unet_tiny.safetensors")).isEmpty());
        assertTrue(ModelCatalog.describeFile(Golden.tinyModel().resolve("model_index.json")).isEmpty());
    }

    /** Qwen-Image's real parameter counts (README "Memory modes"). */
    static final ModelWeights QWEN_IMAGE = new ModelWeights(20_380_000_000L, 50_000_000L, 60, 3072, 6_530_000_000L, 28,
            3584, 670_000_000L, 127_000_000L, false);

    @Test
    void theMemoryEstimateChoosesWhatREADMEsTableSays() {
        long gb = 1_000_000_000L;
        MemoryFit h100 = ModelCatalog.memoryFit(QWEN_IMAGE, 80 * gb, true);
        assertEquals(MemoryMode.RESIDENT, h100.mode());
        assertEquals(Precision.BF16, h100.precision());
        assertEquals(69, h100.estimates().get(MemoryMode.RESIDENT) / (double) gb, 1.5);
        assertEquals(43, h100.estimates().get(MemoryMode.OFFLOAD_TEXT_ENCODER) / (double) gb, 1.5);
        assertEquals(22.5, h100.estimates().get(MemoryMode.INT8) / (double) gb, 1.0);
        assertEquals(MemoryMode.OFFLOAD_TEXT_ENCODER, ModelCatalog.memoryFit(QWEN_IMAGE, 48 * gb, true).mode());
        MemoryFit card24 = ModelCatalog.memoryFit(QWEN_IMAGE, 24 * gb, true);
        assertEquals(MemoryMode.INT8, card24.mode());
        assertEquals(Precision.F32, card24.precision(), "int8 computes in float32");
        assertEquals(MemoryMode.STREAM_BLOCKS, ModelCatalog.memoryFit(QWEN_IMAGE, 12 * gb, true).mode());
        MemoryFit tooSmall = ModelCatalog.memoryFit(QWEN_IMAGE, 2 * gb, true);
        assertFalse(tooSmall.fits());
        assertTrue(tooSmall.leastBytes() > gb);
        // on the CPU everything is float32 and 80% of the host's memory is the budget
        assertEquals(MemoryMode.STREAM_BLOCKS, ModelCatalog.memoryFit(QWEN_IMAGE, 24L << 30, false).mode());
        assertEquals(MemoryMode.INT8, ModelCatalog.memoryFit(QWEN_IMAGE, 32L << 30, false).mode());
        assertEquals(MemoryMode.RESIDENT, ModelCatalog.memoryFit(QWEN_IMAGE, 256L << 30, false).mode());
    }
}
