package dev.seedframe.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.AttentionChoice;
import dev.seedframe.engine.CfgBatching;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.qwenimage.QwenImageModel;
import dev.seedframe.engine.qwenimage.transformer.ImageShape;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.weights.SafetensorsWriter;
import dev.seedframe.testing.TestRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Timing harness (not a test, not JMH: one-shot figures for the report): bf16 against f32 per denoising
 * step on the tiny model (CFG separate and batched), and one full-width Qwen-Image transformer layer
 * (width 3072, 24 heads × 128, MLP 12288, random weights) at a given token count.
 *
 * <pre>
 *   java -Xmx6g -Dai.djl.offline=true -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *       [-Dseedframe.speed.runs=3 -Dseedframe.speed.warmup=1] \
 *       dev.seedframe.bench.Bf16Speed [tiny] [block IMG_SIDE TEXT_TOKENS PRECISIONS...]
 * </pre>
 */
public final class Bf16Speed {

    private Bf16Speed() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("tiny")) {
            tiny();
        }
        if (args.length > 0 && args[0].equals("block")) {
            int side = Integer.parseInt(args[1]);
            int text = Integer.parseInt(args[2]);
            List<Precision> ps = new ArrayList<>();
            for (int i = 3; i < args.length; i++) {
                ps.add(Precision.valueOf(args[i]));
            }
            block(side, text, ps.isEmpty() ? List.of(Precision.F32, Precision.BF16) : ps);
        }
    }

    static void tiny() throws Exception {
        Path dir = Path.of(System.getProperty("seedframe.repo", "")).resolve("models/qwen-image-tiny");
        for (Precision p : Precision.values()) {
            try (QwenImageModel model = QwenImageModel.open(dir, p)) {
                for (CfgBatching mode : new CfgBatching[] {CfgBatching.SEPARATE, CfgBatching.BATCHED}) {
                    model.setCfgBatching(mode);
                    GenerationRequest r = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
                            .prompt("a lighthouse at dusk").negativePrompt(" ").cfg(4).seed(1).steps(8)
                            .size(256, 256).build();
                    model.generate(r, e -> { }, new CancellationToken()); // warm-up
                    long[] last = new long[1];
                    int runs = 3;
                    double sum = 0;
                    for (int i = 0; i < runs; i++) {
                        model.generate(r, e -> last[0] = e.elapsedNanos(), new CancellationToken());
                        sum += last[0] / 1e6 / r.steps();
                    }
                    System.out.printf(Locale.ROOT, "tiny 256x256 (1024 image tokens), CFG %s, %s: %.1f ms/step%n",
                            mode, p, sum / runs);
                }
            }
        }
    }

    /** One-layer transformer at the real width, random weights stored as BF16 (as the real checkpoint). */
    static void block(int side, int text, List<Precision> precisions) throws Exception {
        int d = 3072;
        int j = 3584;
        int in = 64;
        Path dir = Files.createTempDirectory("seedframe-bf16-speed");
        Files.writeString(dir.resolve("config.json"), """
                {"_class_name": "QwenImageTransformer2DModel", "attention_head_dim": 128, "axes_dims_rope": [16, 56, 56],
                 "guidance_embeds": false, "in_channels": 64, "joint_attention_dim": 3584, "num_attention_heads": 24,
                 "num_layers": 1, "out_channels": 16, "patch_size": 2}
                """);
        SafetensorsWriter w = new SafetensorsWriter();
        long[] seed = {12345};
        lin(w, "img_in", d, in, seed);
        w.addBf16("txt_norm.weight", ones(j), j);
        lin(w, "txt_in", d, j, seed);
        lin(w, "time_text_embed.timestep_embedder.linear_1", d, 256, seed);
        lin(w, "time_text_embed.timestep_embedder.linear_2", d, d, seed);
        lin(w, "norm_out.linear", 2 * d, d, seed);
        lin(w, "proj_out", in, d, seed);
        String b = "transformer_blocks.0.";
        lin(w, b + "img_mod.1", 6 * d, d, seed);
        lin(w, b + "txt_mod.1", 6 * d, d, seed);
        for (String n : new String[] {"to_q", "to_k", "to_v", "add_q_proj", "add_k_proj", "add_v_proj", "to_out.0",
                "to_add_out"}) {
            lin(w, b + "attn." + n, d, d, seed);
        }
        for (String n : new String[] {"norm_q", "norm_k", "norm_added_q", "norm_added_k"}) {
            w.addBf16(b + "attn." + n + ".weight", ones(128), 128);
        }
        for (String s : new String[] {"img_mlp", "txt_mlp"}) {
            lin(w, b + s + ".net.0.proj", 4 * d, d, seed);
            lin(w, b + s + ".net.2", d, 4 * d, seed);
        }
        w.write(dir.resolve("diffusion_pytorch_model.safetensors"));
        w = null;
        System.gc();
        int tokens = side * side;
        for (Precision p : precisions) {
            try (NDManager m = DjlRuntime.newCpuManager()) {
                long t0 = System.nanoTime();
                QwenImageTransformer model = QwenImageTransformer.open(dir, m,
                        TestRuntime.ops(p, AttentionChoice.FUSED),
                        TestRuntime.get());
                long t1 = System.nanoTime();
                NDArray x = m.randomNormal(new Shape(1, tokens, in));
                NDArray c = m.randomNormal(new Shape(1, text, j));
                NDArray t = m.create(new float[] {0.7f});
                List<ImageShape> shapes = List.of(ImageShape.of(side, side));
                int runs = Integer.getInteger("seedframe.speed.runs", 3);
                int warmup = Integer.getInteger("seedframe.speed.warmup", 1);
                double best = Double.MAX_VALUE;
                double sum = 0;
                for (int i = 1 - warmup; i <= runs; i++) {
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        long a = System.nanoTime();
                        NDArray out = model.forward(x, c, null, t, shapes);
                        float probe = Bf16.isBf16(out) ? TestRuntime.bf16Tools().toFloatArray(out)[0] : out.toFloatArray()[0];
                        double ms = (System.nanoTime() - a) / 1e6;
                        if (i > 0) {
                            sum += ms;
                            best = Math.min(best, ms);
                        }
                        if (!Float.isFinite(probe)) {
                            throw new IllegalStateException("non-finite output");
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "one full-width layer, %d image + %d text tokens, %s: load %.1f s,"
                        + " forward mean %.0f ms, best %.0f ms%n", tokens, text, p, (t1 - t0) / 1e9, sum / runs, best);
            }
        }
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }

    /** weight [out, in] uniform with std 1/√in, bias small. */
    private static void lin(SafetensorsWriter w, String name, int out, int in, long[] seed) {
        float[] v = new float[Math.multiplyExact(out, in)];
        float a = (float) (Math.sqrt(3.0) / Math.sqrt(in));
        long s = seed[0];
        for (int i = 0; i < v.length; i++) {
            s ^= s << 13;
            s ^= s >>> 7;
            s ^= s << 17;
            v[i] = ((s >>> 40) * 0x1p-24f * 2 - 1) * a;
        }
        seed[0] = s;
        w.addBf16(name + ".weight", v, out, in);
        float[] bias = new float[out];
        for (int i = 0; i < out; i++) {
            bias[i] = 0.01f * (float) Math.sin(i);
        }
        w.addBf16(name + ".bias", bias, out);
    }
}
