package dev.seedframe.engine.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.qwenimage.scheduler.SchedulerConfig;
import dev.seedframe.engine.qwenimage.textencoder.TextEncoderConfig;
import dev.seedframe.engine.qwenimage.transformer.TransformerConfig;
import dev.seedframe.engine.qwenimage.vae.VaeConfig;
import dev.seedframe.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit findings 1 (issue 16): no architecture value had an upper bound ({@code num_layers: 1000000} loaded
 * for minutes), {@code attention_head_dim: 16.5} was accepted, {@code in_channels = 2^40} was reported as
 * "found 0".
 */
class ConfigBoundsTest {

    @TempDir
    Path dir;

    private Path tinyTransformerWith(String from, String to) throws IOException {
        String json = Files.readString(Golden.tinyModel().resolve("transformer").resolve("config.json"));
        assertTrue(json.contains(from), from);
        Path p = dir.resolve("config.json");
        Files.writeString(p, json.replace(from, to));
        return p;
    }

    @Test
    void aMillionLayersIsRefusedAtOnceNamingTheBound() throws Exception {
        long t0 = System.nanoTime();
        WeightsException e = assertThrows(WeightsException.class,
                () -> TransformerConfig.fromJson(tinyTransformerWith("\"num_layers\": 2", "\"num_layers\": 1000000")));
        assertTrue((System.nanoTime() - t0) / 1e9 < 2, "refused before anything is built");
        assertTrue(e.getMessage().contains("\"num_layers\"") && e.getMessage().contains("1000000")
                && e.getMessage().contains("at most 240"), e.getMessage());
    }

    @Test
    void aFractionalHeadWidthIsNotAnInteger() throws Exception {
        WeightsException e = assertThrows(WeightsException.class, () -> TransformerConfig.fromJson(
                tinyTransformerWith("\"attention_head_dim\": 16", "\"attention_head_dim\": 16.5")));
        assertTrue(e.getMessage().contains("\"attention_head_dim\" must be a whole number, found 16.5"), e.getMessage());
    }

    @Test
    void twoToTheFortyIsReportedAsItIsNotAsZero() throws Exception {
        WeightsException e = assertThrows(WeightsException.class, () -> TransformerConfig.fromJson(
                tinyTransformerWith("\"in_channels\": 16", "\"in_channels\": 1099511627776")));
        assertTrue(e.getMessage().contains("1099511627776"), e.getMessage());
        assertFalse(e.getMessage().contains("found 0"), e.getMessage());
    }

    @Test
    void numbersWrittenAsTextAreRefused() throws Exception {
        WeightsException e = assertThrows(WeightsException.class, () -> TransformerConfig.fromJson(
                tinyTransformerWith("\"num_layers\": 2", "\"num_layers\": \"2\"")));
        assertTrue(e.getMessage().contains("\"num_layers\" must be a whole number, found \"2\""), e.getMessage());
    }

    @Test
    void aHugeNumberOfAnyKindIsReportedHonestly() throws Exception {
        WeightsException e = assertThrows(WeightsException.class, () -> TransformerConfig.fromJson(
                tinyTransformerWith("\"num_layers\": 2", "\"num_layers\": 1e400")));
        assertTrue(e.getMessage().contains("1e400") || e.getMessage().contains("1E+400"), e.getMessage());
    }

    @Test
    void arrayEntriesAreBoundedToo() throws Exception {
        WeightsException e = assertThrows(WeightsException.class, () -> TransformerConfig.fromJson(
                tinyTransformerWith("\"axes_dims_rope\": [\n    8,", "\"axes_dims_rope\": [\n    8.5,")));
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    }

    @Test
    void nonFiniteAndAbsurdFloatsAreRefused() throws Exception {
        String json = Files.readString(Golden.tinyModel().resolve("scheduler").resolve("scheduler_config.json"));
        Path p = dir.resolve("scheduler_config.json");
        Files.writeString(p, json.replace("\"shift\": 1.0", "\"shift\": 1e308"));
        WeightsException e = assertThrows(WeightsException.class, () -> SchedulerConfig.fromJson(p));
        assertTrue(e.getMessage().contains("\"shift\"") && e.getMessage().contains("at most"), e.getMessage());
    }

    @Test
    void everyNumberTheReleasedAndTinyConfigsHoldIsWithinItsBound() throws Exception {
        // the released values (QWEN-IMAGE-SPEC.md A.2) and the embedded tiny model's load without complaint
        TransformerConfig.fromJson(Path.of(Golden.repo().toString(),
                "src/main/resources/dev/seedframe/engine/qwenimage/qwen-image/transformer/config.json"));
        TransformerConfig.fromJson(Golden.tinyModel().resolve("transformer"));
        VaeConfig.fromJson(Golden.tinyModel().resolve("vae"));
        TextEncoderConfig.read(Golden.tinyModel().resolve("text_encoder"));
        SchedulerConfig.fromJson(Golden.tinyModel().resolve("scheduler").resolve("scheduler_config.json"));
        for (var entry : java.util.Map.of("num_layers", 60L, "attention_head_dim", 128L, "num_attention_heads", 24L,
                "joint_attention_dim", 3584L, "in_channels", 64L, "vocab_size", 152064L, "intermediate_size", 18944L,
                "max_image_seq_len", 8192L, "max_pixels", 12845056L, "num_hidden_layers", 28L).entrySet()) {
            ConfigBounds.Range r = ConfigBounds.of(entry.getKey());
            assertTrue(r.min() <= entry.getValue() && entry.getValue() * 2 <= r.max(),
                    entry.getKey() + " = " + entry.getValue() + " in " + r + " with room to spare");
        }
    }

    @Test
    void everyKeyTheConfigReadersReadHasItsOwnBound() throws Exception {
        JsonConfig.recordReadKeys(true);
        try {
            TransformerConfig.fromJson(Golden.tinyModel().resolve("transformer"));
            VaeConfig.fromJson(Golden.tinyModel().resolve("vae"));
            TextEncoderConfig.read(Golden.tinyModel().resolve("text_encoder"));
            SchedulerConfig.fromJson(Golden.tinyModel().resolve("scheduler").resolve("scheduler_config.json"));
            dev.seedframe.engine.qwenimage.textencoder.QwenVlImageProcessor.load(
                    Golden.repo().resolve("models/qwen-image-edit-tiny/processor"));
            Set<String> unbounded = new TreeSet<>();
            for (String key : JsonConfig.readNumericKeys()) {
                if (!ConfigBounds.isListed(key)) {
                    unbounded.add(key);
                }
            }
            assertEquals(Set.of(), unbounded, "numeric keys read without a bound of their own");
        } finally {
            JsonConfig.recordReadKeys(false);
        }
    }
}
