package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.weights.StDType;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single file that cannot be used is refused before any weight is read, with a message that names the file and the
 * problem: a component given in another's place, a tensor missing, a dtype or scale that cannot be loaded, a format
 * that is not safetensors, a damaged or missing file, a file that is no part of Qwen-Image, a model without its
 * parts.
 */
@Tag("unit")
class SingleFileErrorsTest {

    @TempDir
    static Path tmp;

    static Path bf16File;
    static Map<String, TensorSet.Entry> transformer;

    @BeforeAll
    static void files() {
        bf16File = Golden.singleFileDir().resolve("files").resolve("qwen-tiny_bf16.safetensors");
        transformer = TensorSet.read(Golden.tinyModel().resolve("transformer")).asF32();
    }

    static String refusal(ModelFiles files) {
        EngineException e = assertThrows(EngineException.class, () -> QwenImageModel.open(files, EngineOptions.defaults()));
        return e.getMessage();
    }

    static void assertSays(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "missing \"" + p + "\" in: " + message);
        }
    }

    /** The tiny transformer as a single file, changed by {@code edit}. */
    static Path transformerFile(String name, Consumer<Map<String, TensorSet.Entry>> edit) {
        Map<String, TensorSet.Entry> t = new LinkedHashMap<>(transformer);
        edit.accept(t);
        Path file = tmp.resolve(name + ".safetensors");
        TensorSet.write(file, t);
        return file;
    }

    static ModelFiles withTransformer(Path file) {
        return ModelFiles.folder(Golden.tinyModel()).withTransformer(file);
    }

    @Test
    void aTransformerGivenAsTheVae() {
        String m = refusal(ModelFiles.folder(Golden.tinyModel()).withVae(bf16File));
        assertSays(m, "The VAE file " + bf16File, "holds a transformer (2 blocks of width 48), not a VAE",
                "give it as the transformer");
    }

    @Test
    void aVaeGivenAsTheTextEncoder() {
        Path vae = Golden.tinyModel().resolve("vae").resolve("diffusion_pytorch_model.safetensors");
        assertSays(refusal(ModelFiles.folder(Golden.tinyModel()).withTextEncoder(vae)), "The text encoder file " + vae,
                "holds a VAE", "not a text encoder");
    }

    @Test
    void aMissingTensorIsNamedWithTheFile() {
        Path file = transformerFile("missing", t -> t.remove("transformer_blocks.1.attn.to_q.weight"));
        assertSays(refusal(withTransformer(file)), "The transformer weights in " + file,
                "1 missing", "transformer_blocks.1.attn.to_q.weight");
    }

    @Test
    void anUnsupportedDtypeIsNamed() {
        Path file = transformerFile("int32", t -> t.put("proj_out.bias",
                new TensorSet.Entry(StDType.I32, new long[] {16}, ByteBuffer.allocate(64))));
        assertSays(refusal(withTransformer(file)), "The transformer weights in " + file,
                "proj_out.bias: I32 (supported: F32, F16, BF16, F8_E4M3, F8_E5M2)");
    }

    @Test
    void blockWiseScalesAndOtherQuantisationFormatsAreNamed() {
        byte[] codes = new byte[48 * 16];
        Path blockwise = transformerFile("blockwise", t -> {
            t.put("img_in.weight", TensorSet.bytes(StDType.F8_E4M3, codes, 48, 16));
            t.put("img_in.weight_scale", TensorSet.f32(new float[] {1, 1, 1, 1}, 2, 2));
        });
        assertSays(refusal(withTransformer(blockwise)), "img_in.weight_scale: a scale of shape [2, 2]",
                "only one scale per tensor or per row");
        byte[] format = "{\"format\": \"int8_tensorwise\"}".getBytes(StandardCharsets.UTF_8);
        Path int8 = transformerFile("int8", t -> {
            t.put("img_in.weight", TensorSet.bytes(StDType.F8_E4M3, codes, 48, 16));
            t.put("img_in.weight_scale", TensorSet.f32(new float[] {1}, 1));
            t.put("img_in.comfy_quant", TensorSet.bytes(StDType.U8, format, format.length));
        });
        assertSays(refusal(withTransformer(int8)), "ComfyUI quantisation format \"int8_tensorwise\" is not supported");
        Path scaledBf16 = transformerFile("scaled-bf16", t -> t.put("img_in.weight_scale", TensorSet.f32(new float[] {2}, 1)));
        assertSays(refusal(withTransformer(scaledBf16)), "img_in.weight: F32 with a scale", "only fp8 weights are scaled");
    }

    @Test
    void filesThatAreNotSafetensorsOrNotThere() throws IOException {
        Path ckpt = tmp.resolve("qwen_image.ckpt");
        Files.write(ckpt, new byte[64]);
        assertSays(refusal(withTransformer(ckpt)), ckpt.toString(), "pickle", "never runs pickled code");
        Path gguf = tmp.resolve("qwen-image-Q4_K_M.gguf");
        Files.write(gguf, new byte[64]);
        assertSays(refusal(withTransformer(gguf)), "GGUF");
        Path nowhere = tmp.resolve("nowhere.safetensors");
        assertSays(refusal(withTransformer(nowhere)), "The transformer file is missing: " + nowhere);
        Path cut = tmp.resolve("cut.safetensors");
        byte[] whole = Files.readAllBytes(bf16File);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertSays(refusal(withTransformer(cut)), cut.toString(), "truncated");
        assertSays(refusal(withTransformer(Golden.tinyModel())), Golden.tinyModel() + " is a folder");
    }

    @Test
    void aFileOfSomethingElse() {
        Path other = tmp.resolve("clip_l.safetensors");
        TensorSet.write(other, Map.of("text_model.embeddings.token_embedding.weight", TensorSet.f32(new float[4], 2, 2)));
        assertSays(refusal(withTransformer(other)), "The transformer file " + other + " is not a part of a Qwen-Image"
                + " model", "text_model.embeddings.token_embedding.weight");
    }

    @Test
    void withoutAFolderEveryComponentIsNeeded() {
        assertSays(refusal(ModelFiles.singleFiles(bf16File, bf16File, null)),
                "Without a model folder every component must be given as a single file; the VAE is missing");
    }
}
