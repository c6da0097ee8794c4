package dev.seedframe.engine.runtime.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.AttentionChoice;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.nn.MatMulAttention;
import dev.seedframe.engine.qwenimage.transformer.ImageShape;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TestRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU timings of fused attention (TorchScript helper) against DJL matMul + softmax: {@link
 * Attention#sdpa} at {@code [B, H, S, D]} shapes and one forward of the tiny Qwen-Image transformer.
 * Not a test. The variants run interleaved, round after round, so load from other processes hits
 * them alike; the report gives the minimum and the median per variant.
 *
 * <pre>
 * mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java -Dai.djl.offline=true -DDJL_CACHE_DIR=target/djl-cache -Dseedframe.repo=$PWD \
 *     -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     dev.seedframe.engine.runtime.torchscript.AttentionSpeed [rounds]
 * </pre>
 */
public final class AttentionSpeed {

    private AttentionSpeed() {}

    static void time(String title, int rounds, Map<String, Supplier<NDArray>> variants) {
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        variants.keySet().forEach(k -> ms.put(k, new ArrayList<>()));
        for (int r = -2; r < rounds; r++) { // two warm-up rounds
            for (Map.Entry<String, Supplier<NDArray>> e : variants.entrySet()) {
                long t0 = System.nanoTime();
                NDArray out = Scopes.keep(e.getValue());
                out.close();
                if (r >= 0) {
                    ms.get(e.getKey()).add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        System.out.println(title);
        ms.forEach((k, v) -> {
            double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "  %-12s min %9.3f ms   median %9.3f ms   (%d rounds)%n",
                    k, s[0], s[s.length / 2], s.length);
        });
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        SeedframeOps ops = TestRuntime.helper();
        try (NDManager manager = DjlRuntime.newCpuManager()) {
            for (long[] dims : new long[][] {{1, 24, 1024, 128}, {1, 3, 28, 16}}) {
                Shape s = new Shape(dims);
                NDArray q = manager.create(SeedframeOpsTest.gaussian(1, (int) s.size(), 1.0), s);
                NDArray k = manager.create(SeedframeOpsTest.gaussian(2, (int) s.size(), 1.0), s);
                NDArray v = manager.create(SeedframeOpsTest.gaussian(3, (int) s.size(), 1.0), s);
                NDArray qb = ops.toBf16(q);
                NDArray kb = ops.toBf16(k);
                NDArray vb = ops.toBf16(v);
                float scale = (float) (1 / Math.sqrt(dims[3]));
                Map<String, Supplier<NDArray>> variants = new LinkedHashMap<>();
                variants.put("fused f32", () -> ops.sdpa(q, k, v, null, scale));
                variants.put("matmul f32", () -> MatMulAttention.matMulSoftmax(q, k, v, null, scale));
                variants.put("fused bf16", () -> ops.sdpa(qb, kb, vb, null, scale));
                time("attention " + Arrays.toString(dims), rounds, variants);
            }

            NDArray hidden;
            NDArray encoder;
            NDArray timestep;
            try (SafetensorsFile f = Golden.caseReference("t2i_basic")) {
                String in = "step0.transformer.cond.in.";
                hidden = manager.create(TensorAssert.floats(f, in + "hidden_states"),
                        new Shape(TensorAssert.shape(f, in + "hidden_states")));
                encoder = manager.create(TensorAssert.floats(f, in + "encoder_hidden_states"),
                        new Shape(TensorAssert.shape(f, in + "encoder_hidden_states")));
                timestep = manager.create(TensorAssert.floats(f, in + "timestep"),
                        new Shape(TensorAssert.shape(f, in + "timestep")));
            }
            Map<String, Supplier<NDArray>> forward = new LinkedHashMap<>();
            for (AttentionChoice impl : AttentionChoice.values()) {
                QwenImageTransformer model = QwenImageTransformer.open(Golden.tinyModel().resolve("transformer"),
                        manager, TestRuntime.ops(Precision.F32, impl), TestRuntime.get());
                forward.put(impl.id(), () -> {
                    try {
                        return model.forward(hidden, encoder, null, timestep, List.of(ImageShape.of(4, 4)));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            time("tiny transformer forward (t2i_basic step 0)", rounds * 5, forward);
        }
    }
}
