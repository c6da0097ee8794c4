package dev.seedframe.testing;

import dev.seedframe.engine.weights.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The LoRA, Lightning and Edit-2511 golden fixtures copied from {@code qwen-image-lora} (see {@code
 * src/test/resources/lora/FIXTURES-README.md}): the adapter files, the cases, and the Edit-2511 tiny pipeline's own
 * files (its model index and transformer config; its weights are the embedded tiny model's).
 */
public final class LoraFixtures {

    private LoraFixtures() {}

    public static Path dir() {
        return Golden.resourceDir("lora");
    }

    /** An adapter file of {@code loras/} ({@code style_peft.safetensors}, ...). */
    public static Path lora(String file) {
        return dir().resolve("loras").resolve(file);
    }

    public static Path caseDir(String name) {
        return dir().resolve("cases").resolve(name);
    }

    public static CaseArgs args(String name) {
        return CaseArgs.of(caseDir(name));
    }

    public static SafetensorsFile reference(String name) {
        return Golden.open(caseDir(name).resolve("reference.safetensors"));
    }

    /**
     * The tiny Qwen-Image-Edit-2511 pipeline in {@code into}: its own {@code model_index.json} ({@code
     * QwenImageEditPlusPipeline}) and transformer {@code config.json} ({@code zero_cond_t: true}), every other file a
     * link into the embedded tiny edit model (as the fixture ships it: "no extra weights").
     */
    public static Path edit2511Model(Path into) {
        Path src = dir().resolve("qwen-tiny-edit-2511");
        Path tiny = Golden.tinyEditModel();
        try {
            Path model = Files.createDirectories(into.resolve("qwen-tiny-edit-2511"));
            Files.copy(src.resolve("model_index.json"), model.resolve("model_index.json"));
            for (String c : new String[] {"processor", "scheduler", "text_encoder", "tokenizer", "vae"}) {
                Files.createSymbolicLink(model.resolve(c), tiny.resolve(c).toRealPath());
            }
            Path transformer = Files.createDirectories(model.resolve("transformer"));
            Files.copy(src.resolve("transformer").resolve("config.json"), transformer.resolve("config.json"));
            try (DirectoryStream<Path> shards = Files.newDirectoryStream(tiny.resolve("transformer").toRealPath(),
                    "diffusion_pytorch_model*")) {
                for (Path shard : shards) {
                    Files.createSymbolicLink(transformer.resolve(shard.getFileName()), shard);
                }
            }
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
