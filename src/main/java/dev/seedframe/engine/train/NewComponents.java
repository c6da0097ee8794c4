package dev.seedframe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import dev.seedframe.engine.qwenimage.transformer.TransformerConfig;
import dev.seedframe.engine.qwenimage.vae.VaeConfig;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.SafetensorsWriter;
import dev.seedframe.engine.weights.StDType;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes new components (config and initial weights, {@link WeightInit}) in the diffusers folder layout,
 * for training to start from. The VAE's and the transformer's parameter names and shapes are the ones
 * the engine's own classes declare (they are asked, on an empty checkpoint); the text encoder's are
 * those of the Qwen2.5-VL checkpoints, which the engine's loader then verifies.
 */
final class NewComponents {

    /** Weight file stems of the diffusers components and of the transformers text encoder. */
    static final String DIFFUSERS_WEIGHTS = "diffusion_pytorch_model";
    static final String TRANSFORMERS_WEIGHTS = "model";

    private NewComponents() {}

    /** A new VAE in {@code dir}, with unit latent statistics (set once the autoencoder is trained). */
    static void vae(DemoSpec spec, Path dir, long seed) throws IOException, WeightsException {
        double[] zero = new double[spec.zDim()];
        double[] one = new double[spec.zDim()];
        java.util.Arrays.fill(one, 1.0);
        DemoConfigs.write(DemoConfigs.vae(spec, zero, one), dir.resolve("config.json"));
        VaeConfig config = VaeConfig.fromJson(dir.resolve("config.json"));
        writeInitial(dir, DIFFUSERS_WEIGHTS, "vae", w -> new QwenImageVae(config, w, TrainingRuntime.attention()), seed);
    }

    /** A new transformer in {@code dir}. */
    static void transformer(DemoSpec spec, Path dir, long seed) throws IOException, WeightsException {
        DemoConfigs.write(DemoConfigs.transformer(spec), dir.resolve("config.json"));
        TransformerConfig config = TransformerConfig.fromJson(dir.resolve("config.json"));
        writeInitial(dir, DIFFUSERS_WEIGHTS, "transformer", w -> new QwenImageTransformer(config, w, Ops.declaringOnly()), seed);
    }

    /**
     * A new Qwen2.5-VL text stack in {@code dir}, at its random initial values for good: the demo model
     * keeps its text encoder frozen. The token embedding table (152,064 rows) is stored as F16, which the
     * engine widens exactly when it reads a row.
     */
    static void textEncoder(DemoSpec spec, Path dir, long seed, NDManager manager) throws IOException {
        DemoConfigs.write(DemoConfigs.textEncoder(spec), dir.resolve("config.json"));
        long d = spec.textHidden();
        long inter = spec.textIntermediate();
        SafetensorsWriter w = new SafetensorsWriter();
        long[] table = {DemoConfigs.QWEN_VOCAB_SIZE, d};
        w.add("model.embed_tokens.weight", StDType.F16, table,
                f16(WeightInit.values("model.embed_tokens.weight", table, seed), table, manager));
        for (int i = 0; i < spec.textLayers(); i++) {
            String l = "model.layers." + i + ".";
            addF32(w, l + "input_layernorm.weight", seed, d);
            for (String proj : List.of("q_proj", "k_proj", "v_proj")) {
                addF32(w, l + "self_attn." + proj + ".weight", seed, d, d);
                addF32(w, l + "self_attn." + proj + ".bias", seed, d);
            }
            addF32(w, l + "self_attn.o_proj.weight", seed, d, d);
            addF32(w, l + "post_attention_layernorm.weight", seed, d);
            addF32(w, l + "mlp.gate_proj.weight", seed, inter, d);
            addF32(w, l + "mlp.up_proj.weight", seed, inter, d);
            addF32(w, l + "mlp.down_proj.weight", seed, d, inter);
        }
        addF32(w, "model.norm.weight", seed, d);
        w.write(dir.resolve(TRANSFORMERS_WEIGHTS + ".safetensors"));
    }

    private static void addF32(SafetensorsWriter w, String key, long seed, long... shape) {
        w.addF32(key, WeightInit.values(key, shape, seed), shape);
    }

    /** f32 values as little-endian IEEE half floats (rounded to nearest even by libtorch). */
    static ByteBuffer f16(float[] values, long[] shape, NDManager manager) {
        try (NDArray f = manager.create(values, new Shape(shape));
                NDArray h = f.toType(DataType.FLOAT16, true)) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            b.put(h.toByteBuffer().order(ByteOrder.nativeOrder()));
            b.flip();
            return b;
        }
    }

    /**
     * Declares {@code component}'s parameters on an empty checkpoint in {@code dir} (so the engine's classes
     * name and shape them), then writes their initial values as {@code <stem>.safetensors}.
     */
    private static void writeInitial(Path dir, String stem, String component, Consumer<WeightMap> declare,
            long seed) throws IOException, WeightsException {
        Path file = dir.resolve(stem + ".safetensors");
        new SafetensorsWriter().write(file);
        List<Param> params;
        try (Checkpoint empty = Checkpoint.open(dir, component, stem)) {
            WeightMap w = WeightMap.of(empty);
            declare.accept(w);
            params = new ArrayList<>(w.params());
        }
        SafetensorsWriter out = new SafetensorsWriter();
        for (Param p : params) {
            long[] shape = p.shape().getShape();
            out.addF32(p.key(), WeightInit.values(p.key(), shape, seed), shape);
        }
        Files.delete(file);
        out.write(file);
    }
}
