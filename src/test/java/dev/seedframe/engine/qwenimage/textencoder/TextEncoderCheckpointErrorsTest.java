package dev.seedframe.engine.qwenimage.textencoder;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.SafetensorsWriter;
import dev.seedframe.engine.weights.TensorInfo;
import dev.seedframe.engine.weights.WeightsException;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TestRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged or wrong text-encoder folder fails to load with a message that names the problem. */
class TextEncoderCheckpointErrorsTest {

    private static NDManager manager;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        manager = DjlRuntime.newCpuManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private Path copyOfTinyTextEncoder() throws IOException {
        Path src = Golden.tinyModel().resolve("text_encoder");
        Path dst = tmp.resolve("text_encoder");
        Files.createDirectories(dst);
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : files.toList()) {
                Files.copy(f, dst.resolve(f.getFileName()));
            }
        }
        return dst;
    }

    private static WeightsException loadFails(Path dir) {
        return assertThrows(WeightsException.class, () -> {
            try (NDManager m = manager.newSubManager()) {
                QwenVlTextEncoder.load(dir, m, TestRuntime.f32(), TestRuntime.get());
            }
        });
    }

    /** Rewrites one shard with {@code name} replaced by zeros of {@code shape}. */
    private static void rewriteWithShape(Path shard, String name, long... shape) throws Exception {
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(shard)) {
            for (TensorInfo t : f.tensors().values()) {
                if (t.name().equals(name)) {
                    long n = 1;
                    for (long d : shape) {
                        n *= d;
                    }
                    w.addF32(name, new float[Math.toIntExact(n)], shape);
                } else {
                    w.addF32(t.name(), f.floats(t.name()), t.shape());
                }
            }
        }
        w.write(shard);
    }

    @Test
    void aMissingShardIsNamed() throws Exception {
        Path dir = copyOfTinyTextEncoder();
        Files.delete(dir.resolve("model-00002-of-00003.safetensors"));
        WeightsException e = loadFails(dir);
        assertTrue(e.getMessage().contains("model-00002-of-00003.safetensors") && e.getMessage().contains("missing"),
                e.getMessage());
    }

    @Test
    void aLayerTensorWithTheWrongShapeIsNamedWithBothShapes() throws Exception {
        Path dir = copyOfTinyTextEncoder();
        rewriteWithShape(dir.resolve("model-00003-of-00003.safetensors"), "model.layers.1.self_attn.q_proj.weight", 16, 8);
        WeightsException e = loadFails(dir);
        assertTrue(e.getMessage().contains("model.layers.1.self_attn.q_proj.weight") && e.getMessage().contains("[16, 8]")
                && e.getMessage().contains("[16, 16]"), e.getMessage());
    }

    @Test
    void anEmbeddingTableWithTheWrongShapeIsNamedWithBothShapes() throws Exception {
        Path dir = copyOfTinyTextEncoder();
        rewriteWithShape(dir.resolve("model-00002-of-00003.safetensors"), "model.embed_tokens.weight", 151936, 16);
        WeightsException e = loadFails(dir);
        assertTrue(e.getMessage().contains("model.embed_tokens.weight") && e.getMessage().contains("[151936, 16]")
                && e.getMessage().contains("[152064, 16]"), e.getMessage());
    }

    @Test
    void aTruncatedShardIsReported() throws Exception {
        Path dir = copyOfTinyTextEncoder();
        Path shard = dir.resolve("model-00003-of-00003.safetensors");
        byte[] bytes = Files.readAllBytes(shard);
        Files.write(shard, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        WeightsException e = loadFails(dir);
        assertTrue(e.getMessage().contains("model-00003-of-00003.safetensors") && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void aConfigWithMoreLayersThanTheWeightsListsTheMissingTensors() throws Exception {
        Path dir = copyOfTinyTextEncoder();
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config)
                .replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3")
                .replace("\"full_attention\",\n      \"full_attention\"", "\"full_attention\", \"full_attention\", \"full_attention\""));
        WeightsException e = loadFails(dir);
        assertTrue(e.getMessage().contains("missing tensors") && e.getMessage().contains("model.layers.2.mlp.up_proj.weight"),
                e.getMessage());
    }

    @Test
    void theVaeFolderIsRejectedAsNotATextEncoder() {
        WeightsException e = loadFails(Golden.tinyModel().resolve("vae"));
        assertTrue(e.getMessage().contains("vae/config.json") && e.getMessage().contains("not a Qwen2.5-VL text encoder"),
                e.getMessage());
    }

    @Test
    void theTransformerFolderIsRejectedAsNotATextEncoder() {
        WeightsException e = loadFails(Golden.tinyModel().resolve("transformer"));
        assertTrue(e.getMessage().contains("transformer/config.json") && e.getMessage().contains("QwenImageTransformer2DModel"),
                e.getMessage());
    }

    @Test
    void weightsOfAnotherModelUnderATextEncoderConfigAreRejected() throws Exception {
        Path dir = copyOfTinyTextEncoder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("config.json")) {
                    Files.delete(f);
                }
            }
        }
        Files.copy(Golden.tinyModel().resolve("vae").resolve("diffusion_pytorch_model.safetensors"),
                dir.resolve("model.safetensors"));
        WeightsException e = loadFails(dir);
        assertTrue(e.getMessage().contains("not a Qwen2.5-VL text encoder") && e.getMessage().contains("model.embed_tokens.weight"),
                e.getMessage());
    }
}
