package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.WeightsException;
import dev.seedframe.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit finding 1 (issue 16): a config asking for far more than its weights hold hung the engine for
 * minutes and printed 639,936 "missing tensor" lines; a deleted shard index went unnoticed. The parameter count
 * itself is checked in {@code transformer.ModelSizeCheckTest}.
 */
class DamagedModelFolderTest {

    @TempDir
    Path tmp;

    /** The tiny model as a tree of links, so that one file can be replaced or removed. */
    static Path linkedCopy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createSymbolicLink(target, p.toRealPath());
                }
            }
        }
        return to;
    }

    private Path tinyWithTransformerConfig(String from, String to) throws IOException {
        Path model = linkedCopy(Golden.tinyModel(), tmp.resolve("model"));
        Path cfg = model.resolve("transformer/config.json");
        String json = Files.readString(cfg);
        assertTrue(json.contains(from));
        Files.delete(cfg);
        Files.writeString(cfg, json.replace(from, to));
        return model;
    }

    @Test
    void aConfigAskingForMoreThanItsWeightsHoldIsRefusedBeforeAnythingIsDeclared() throws Exception {
        Path model = tinyWithTransformerConfig("\"num_layers\": 2", "\"num_layers\": 200");
        long t0 = System.nanoTime();
        EngineException e = assertThrows(EngineException.class, () -> QwenImageModel.open(model).close());
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(e.getMessage().contains("200 blocks") && e.getMessage().contains("does not belong to these weights"),
                e.getMessage());
        assertTrue(e.getMessage().lines().count() < 5, e.getMessage());
        assertTrue(s < 30, s + " s");
    }

    @Test
    void shardsWithoutTheirIndexAreRefusedNamingTheIndex() throws Exception {
        Path model = linkedCopy(Golden.tinyModel(), tmp.resolve("model"));
        Files.delete(model.resolve("transformer/diffusion_pytorch_model.safetensors.index.json"));
        EngineException e = assertThrows(EngineException.class, () -> QwenImageModel.open(model).close());
        assertTrue(e.getMessage().contains("diffusion_pytorch_model.safetensors.index.json")
                && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aLoneLastShardWithoutItsIndexIsRefusedToo() throws Exception {
        Path model = linkedCopy(Golden.tinyModel(), tmp.resolve("model"));
        Path te = model.resolve("text_encoder");
        Files.delete(te.resolve("model.safetensors.index.json"));
        Files.delete(te.resolve("model-00001-of-00003.safetensors"));
        Files.delete(te.resolve("model-00002-of-00003.safetensors"));
        WeightsException e = assertThrows(WeightsException.class, () -> Checkpoint.open(te, "text_encoder", "model"));
        assertTrue(e.getMessage().contains("without their index"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }
}
