package dev.seedframe.engine.qwenimage.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.weights.WeightsException;
import dev.seedframe.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformerConfigTest {

    /** transformer/config.json of Qwen/Qwen-Image as published on the Hub (spec A.2). */
    static final String QWEN_IMAGE_CONFIG = """
            {
              "_class_name": "QwenImageTransformer2DModel",
              "_diffusers_version": "0.34.0.dev0",
              "attention_head_dim": 128,
              "axes_dims_rope": [16, 56, 56],
              "guidance_embeds": false,
              "in_channels": 64,
              "joint_attention_dim": 3584,
              "num_attention_heads": 24,
              "num_layers": 60,
              "out_channels": 16,
              "patch_size": 2,
              "pooled_projection_dim": 768
            }
            """;

    static Path write(Path dir, String json) throws IOException {
        Path p = dir.resolve("config.json");
        Files.writeString(p, json);
        return p;
    }

    static String tinyWith(String from, String to) throws IOException {
        String json = Files.readString(Golden.tinyModel().resolve("transformer").resolve("config.json"));
        assertTrue(json.contains(from), from);
        return json.replace(from, to);
    }

    @Test
    void theTinyCheckpointsConfigMatchesTheTinyPreset() throws Exception {
        TransformerConfig c = TransformerConfig.fromJson(Golden.tinyModel().resolve("transformer"));
        assertEquals(TransformerConfig.tiny(), c);
        assertEquals(48, c.innerDim());
        assertEquals(16, c.outFeatures());
        assertArrayEquals(new int[] {8, 4, 4}, c.axesDimsRope());
    }

    @Test
    void theReleasedQwenImageConfigMatchesItsPreset(@TempDir Path dir) throws Exception {
        TransformerConfig c = TransformerConfig.fromJson(write(dir, QWEN_IMAGE_CONFIG));
        assertEquals(TransformerConfig.qwenImage(), c);
        assertEquals(3072, c.innerDim());
        assertEquals(64, c.outFeatures());
    }

    @Test
    void missingOutChannelsFallsBackToInChannelsAsDiffusersDoes(@TempDir Path dir) throws Exception {
        TransformerConfig c = TransformerConfig.fromJson(write(dir, tinyWith("\"out_channels\": 4,", "")));
        assertEquals(16, c.outChannels());
    }

    @Test
    void guidanceDistilledCheckpointsAreRefused(@TempDir Path dir) throws Exception {
        WeightsException e = assertThrows(WeightsException.class, () -> TransformerConfig.fromJson(
                write(dir, tinyWith("\"guidance_embeds\": false", "\"guidance_embeds\": true"))));
        assertTrue(e.getMessage().contains("\"guidance_embeds\": true"), e.getMessage());
    }

    @Test
    void editTwentyFiveElevenZeroCondTimestepIsRead(@TempDir Path dir) throws Exception {
        TransformerConfig c = TransformerConfig.fromJson(
                write(dir, tinyWith("\"zero_cond_t\": false", "\"zero_cond_t\": true")));
        assertTrue(c.zeroCondT());
        assertNotEquals(TransformerConfig.tiny(), c);
        assertFalse(TransformerConfig.fromJson(write(dir, tinyWith("", ""))).zeroCondT());
    }

    @Test
    void layeredCheckpointsAreRefusedByName(@TempDir Path dir) throws Exception {
        for (String key : new String[] {"use_layer3d_rope", "use_additional_t_cond"}) {
            WeightsException e = assertThrows(WeightsException.class, () -> TransformerConfig.fromJson(
                    write(dir, tinyWith("\"" + key + "\": false", "\"" + key + "\": true"))));
            assertTrue(e.getMessage().contains("Qwen-Image-Layered"), e.getMessage());
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
    }

    @Test
    void ropeAxesThatDoNotCoverTheHeadAreRefused(@TempDir Path dir) throws Exception {
        String json = tinyWith("\"axes_dims_rope\": [\n    8,\n    4,\n    4\n  ]", "\"axes_dims_rope\": [8, 4, 2]");
        WeightsException e = assertThrows(WeightsException.class, () -> TransformerConfig.fromJson(write(dir, json)));
        assertTrue(e.getMessage().contains("sums to 14 but \"attention_head_dim\" is 16"), e.getMessage());
    }

    @Test
    void aMissingSizeIsNamed(@TempDir Path dir) throws Exception {
        WeightsException e = assertThrows(WeightsException.class,
                () -> TransformerConfig.fromJson(write(dir, tinyWith("\"num_layers\": 2,", ""))));
        assertTrue(e.getMessage().contains("\"num_layers\""), e.getMessage());
    }

    @Test
    void aMissingConfigFileIsNamed(@TempDir Path dir) {
        WeightsException e = assertThrows(WeightsException.class, () -> TransformerConfig.fromJson(dir));
        assertTrue(e.getMessage().contains("transformer/config.json is missing"), e.getMessage());
    }
}
