package dev.seedframe.engine.qwenimage.textencoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.engine.weights.WeightsException;
import dev.seedframe.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEncoderConfigTest {

    /**
     * The flat layout of the published Qwen2.5-VL-7B-Instruct / Qwen-Image {@code text_encoder/config.json}
     * (values as listed in docs/QWEN-IMAGE-SPEC.md A.2), with the Qwen2-VL era {@code rope_scaling.type "mrope"}.
     */
    static final String QWEN25_VL_7B_FLAT = """
            {
              "architectures": ["Qwen2_5_VLForConditionalGeneration"],
              "attention_dropout": 0.0,
              "bos_token_id": 151643, "eos_token_id": 151645,
              "vision_start_token_id": 151652, "vision_end_token_id": 151653, "vision_token_id": 151654,
              "image_token_id": 151655, "video_token_id": 151656,
              "hidden_act": "silu", "hidden_size": 3584, "initializer_range": 0.02, "intermediate_size": 18944,
              "max_position_embeddings": 128000, "max_window_layers": 28, "model_type": "qwen2_5_vl",
              "num_attention_heads": 28, "num_hidden_layers": 28, "num_key_value_heads": 4,
              "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768,
              "tie_word_embeddings": false, "torch_dtype": "bfloat16", "transformers_version": "4.41.2",
              "use_cache": true, "use_sliding_window": false,
              "vision_config": {
                "depth": 32, "hidden_act": "silu", "hidden_size": 1280, "intermediate_size": 3420, "num_heads": 16,
                "in_chans": 3, "out_hidden_size": 3584, "patch_size": 14, "spatial_merge_size": 2,
                "spatial_patch_size": 14, "window_size": 112, "fullatt_block_indexes": [7, 15, 23, 31],
                "tokens_per_second": 2, "temporal_patch_size": 2
              },
              "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 24]},
              "vocab_size": 152064
            }
            """;

    @Test
    void theTinyTransformers5NestedConfigIsRead() throws Exception {
        TextEncoderConfig c = TextEncoderConfig.read(Golden.tinyModel().resolve("text_encoder"));
        assertEquals(152064, c.vocabSize());
        assertEquals(16, c.hiddenSize());
        assertEquals(16, c.intermediateSize());
        assertEquals(2, c.numHiddenLayers());
        assertEquals(2, c.numAttentionHeads());
        assertEquals(2, c.numKeyValueHeads());
        assertEquals(8, c.headDim());
        assertEquals(List.of(1, 1, 2), c.mropeSection());
        assertEquals(1e6, c.ropeTheta());
        assertEquals(1e-6, c.rmsNormEps());
        assertFalse(c.tieWordEmbeddings());
        assertEquals(151655, c.tokens().imageTokenId().orElseThrow());
        assertEquals(151652, c.tokens().visionStartTokenId().orElseThrow());
        TextEncoderConfig.VisionConfig v = c.vision().orElseThrow();
        assertEquals(2, v.depth());
        assertEquals(16, v.hiddenSize());
        assertEquals(2, v.numHeads());
        assertEquals(14, v.patchSize());
        assertEquals(2, v.spatialMergeSize());
        assertEquals(2, v.temporalPatchSize());
        assertEquals(112, v.windowSize());
        assertEquals(List.of(1), v.fullattBlockIndexes());
        assertEquals(16, v.outHiddenSize());
        assertEquals(3, v.inChannels());
        assertEquals(64, c.sha256().length());
    }

    @Test
    void theFlatQwen25Vl7bConfigIsRead(@TempDir Path tmp) throws Exception {
        TextEncoderConfig c = write(tmp, QWEN25_VL_7B_FLAT, j -> {});
        assertEquals(3584, c.hiddenSize());
        assertEquals(18944, c.intermediateSize());
        assertEquals(28, c.numHiddenLayers());
        assertEquals(28, c.numAttentionHeads());
        assertEquals(4, c.numKeyValueHeads());
        assertEquals(128, c.headDim());
        assertEquals(7, c.kvGroups());
        assertEquals(List.of(16, 24, 24), c.mropeSection());
        assertEquals(1e6, c.ropeTheta());
        assertEquals(128000, c.maxPositionEmbeddings());
        assertFalse(c.tieWordEmbeddings());
        TextEncoderConfig.VisionConfig v = c.vision().orElseThrow();
        assertEquals(32, v.depth());
        assertEquals(1280, v.hiddenSize());
        assertEquals(3, v.inChannels(), "older files spell it in_chans");
        assertEquals(List.of(7, 15, 23, 31), v.fullattBlockIndexes());
        assertEquals(2, v.tokensPerSecond());
        assertEquals(3584, v.outHiddenSize());
    }

    @Test
    void aTransformers4ConfigWithBothSpellingsPrefersTextConfig(@TempDir Path tmp) throws Exception {
        TextEncoderConfig c = write(tmp, QWEN25_VL_7B_FLAT, j -> {
            JsonObject text = new JsonObject();
            text.addProperty("hidden_size", 64);
            text.addProperty("intermediate_size", 96);
            text.addProperty("num_hidden_layers", 3);
            text.addProperty("num_attention_heads", 4);
            text.addProperty("num_key_value_heads", 1);
            text.addProperty("vocab_size", 1000);
            text.addProperty("rope_theta", 5e5);
            text.add("rope_scaling", JsonParser.parseString(
                    "{\"mrope_section\": [2, 3, 3], \"rope_type\": \"default\", \"type\": \"default\"}"));
            j.add("text_config", text);
        });
        assertEquals(64, c.hiddenSize());
        assertEquals(1, c.numKeyValueHeads());
        assertEquals(List.of(2, 3, 3), c.mropeSection());
        assertEquals(5e5, c.ropeTheta());
        assertEquals(1e-6, c.rmsNormEps(), "not in text_config: taken from the top level");
    }

    @Test
    void tiedEmbeddingsAreRecognised(@TempDir Path tmp) throws Exception {
        assertTrue(write(tmp, QWEN25_VL_7B_FLAT, j -> j.addProperty("tie_word_embeddings", true)).tieWordEmbeddings());
    }

    @Test
    void theVaeConfigIsRejectedAsTheWrongFolder() {
        WeightsException e = assertThrows(WeightsException.class,
                () -> TextEncoderConfig.read(Golden.tinyModel().resolve("vae")));
        assertTrue(e.getMessage().contains("vae/config.json") && e.getMessage().contains("AutoencoderKLQwenImage")
                && e.getMessage().contains("not a Qwen2.5-VL text encoder"), e.getMessage());
    }

    @Test
    void aFolderWithoutConfigIsNamed() {
        WeightsException e = assertThrows(WeightsException.class,
                () -> TextEncoderConfig.read(Golden.tinyModel().resolve("tokenizer")));
        assertTrue(e.getMessage().contains("tokenizer/config.json is missing"), e.getMessage());
    }

    @Test
    void anotherModelTypeIsRejected(@TempDir Path tmp) {
        WeightsException e = assertThrows(WeightsException.class,
                () -> write(tmp, QWEN25_VL_7B_FLAT, j -> j.addProperty("model_type", "llama")));
        assertTrue(e.getMessage().contains("\"llama\""), e.getMessage());
    }

    @Test
    void mropeSectionsThatDoNotCoverTheHeadAreRejected(@TempDir Path tmp) {
        WeightsException e = assertThrows(WeightsException.class, () -> write(tmp, QWEN25_VL_7B_FLAT,
                j -> j.add("rope_scaling", JsonParser.parseString("{\"type\": \"default\", \"mrope_section\": [16, 24, 16]}"))));
        assertTrue(e.getMessage().contains("mrope_section") && e.getMessage().contains("112")
                && e.getMessage().contains("128"), e.getMessage());
    }

    @Test
    void scaledRopeIsRejected(@TempDir Path tmp) {
        WeightsException e = assertThrows(WeightsException.class, () -> write(tmp, QWEN25_VL_7B_FLAT,
                j -> j.add("rope_scaling", JsonParser.parseString("{\"type\": \"yarn\", \"mrope_section\": [16, 24, 24]}"))));
        assertTrue(e.getMessage().contains("\"yarn\""), e.getMessage());
    }

    @Test
    void slidingWindowAttentionIsRejected(@TempDir Path tmp) {
        WeightsException e = assertThrows(WeightsException.class,
                () -> write(tmp, QWEN25_VL_7B_FLAT, j -> j.addProperty("use_sliding_window", true)));
        assertTrue(e.getMessage().contains("use_sliding_window"), e.getMessage());
    }

    @Test
    void anotherActivationIsRejected(@TempDir Path tmp) {
        WeightsException e = assertThrows(WeightsException.class,
                () -> write(tmp, QWEN25_VL_7B_FLAT, j -> j.addProperty("hidden_act", "gelu")));
        assertTrue(e.getMessage().contains("\"gelu\""), e.getMessage());
    }

    @Test
    void keyValueHeadsThatDoNotDivideTheHeadsAreRejected(@TempDir Path tmp) {
        WeightsException e = assertThrows(WeightsException.class,
                () -> write(tmp, QWEN25_VL_7B_FLAT, j -> j.addProperty("num_key_value_heads", 5)));
        assertTrue(e.getMessage().contains("num_key_value_heads 5"), e.getMessage());
    }

    @Test
    void aMissingSizeIsNamed(@TempDir Path tmp) {
        WeightsException e = assertThrows(WeightsException.class,
                () -> write(tmp, QWEN25_VL_7B_FLAT, j -> j.remove("intermediate_size")));
        assertTrue(e.getMessage().contains("\"intermediate_size\""), e.getMessage());
    }

    @Test
    void aDamagedConfigIsReported(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("text_encoder");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), QWEN25_VL_7B_FLAT.substring(0, 200));
        WeightsException e = assertThrows(WeightsException.class, () -> TextEncoderConfig.read(dir));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    private static TextEncoderConfig write(Path tmp, String json, Consumer<JsonObject> edit) throws Exception {
        JsonObject j = JsonParser.parseString(json).getAsJsonObject();
        edit.accept(j);
        Path dir = tmp.resolve("text_encoder");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), j.toString());
        return TextEncoderConfig.read(dir);
    }
}
