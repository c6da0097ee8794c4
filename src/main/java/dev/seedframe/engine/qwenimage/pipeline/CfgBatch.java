package dev.seedframe.engine.qwenimage.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.engine.CfgBatching;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.qwenimage.textencoder.PromptEmbeds;
import dev.seedframe.engine.qwenimage.transformer.ImageShape;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * True CFG's two passes as one batch-2 transformer call ({@link CfgBatching#BATCHED}), and the rule that decides,
 * once per run, whether a run batches.
 */
final class CfgBatch {

    /**
     * Activation bytes per token and model width element that one extra batch sample needs at the peak
     * of a block (MLP hidden 4D plus a handful of D-wide temporaries; fused attention has no S² term).
     */
    static final int ACTIVATION_ELEMENTS_PER_TOKEN_WIDTH = 12;

    /** Share of the currently free physical memory that batching CFG may take. */
    static final double BATCH_MEMORY_SHARE = 0.25;

    private CfgBatch() {}

    /**
     * Whether a run's two CFG passes per step run as one batch-2 call: {@link CfgBatching#AUTO} batches when one more
     * sample's activations ({@value #ACTIVATION_ELEMENTS_PER_TOKEN_WIDTH} × tokens × width × element size) fit in a
     * quarter of the free physical memory of the host (on a GPU this is not the card's memory). For the real model
     * at 1024² (4,096 image + ~200 text tokens, width 3072) that is ~630 MB in f32, ~320 MB in bf16.
     */
    static boolean batches(CfgBatching mode, long tokens, QwenImageTransformer transformer) {
        return switch (mode) {
            case BATCHED -> true;
            case SEPARATE -> false;
            case AUTO -> {
                long bytes = (long) ACTIVATION_ELEMENTS_PER_TOKEN_WIDTH * tokens * transformer.config().innerDim()
                        * transformer.ops().precision().bytes();
                yield bytes <= BATCH_MEMORY_SHARE * freePhysicalMemory();
            }
        };
    }

    private static long freePhysicalMemory() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getFreeMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Both CFG passes in one transformer call: the latents twice, the prompt and negative embeddings as a
     * batch of two with the shorter one right-padded with zeros, and a {@code [2, T]} text mask that marks
     * the padding (and any padding the embeddings already had). The model ignores masked text keys and places
     * RoPE text positions by index, so each sample's output equals its own batch-1 call up to float noise.
     *
     * @return the conditional and the unconditional output, each {@code [1, N', O]}
     */
    static NDArray[] forward(QwenImageTransformer transformer, NDArray latents, NDArray timestep,
            QwenImagePipeline.Conditioning cond, List<ImageShape> imgShapes, CancellationToken cancel)
            throws EngineException {
        Ops ops = transformer.ops();
        PromptEmbeds pos = cond.positive();
        PromptEmbeds neg = cond.negative();
        int t = Math.max(pos.length(), neg.length());
        NDManager m = timestep.getManager();
        float[] mask = new float[2 * t];
        textMask(pos, mask, 0, t);
        textMask(neg, mask, t, t);
        NDArray embeds = padText(pos.embeds(), t, m).concat(padText(neg.embeds(), t, m), 0); // [2, T, J]
        NDArray maskArray = m.create(mask, new Shape(2, t)); // [2, T]
        NDArray latents2 = ops.concat(latents, latents, 0); // [2, N, F]
        NDArray out = transformer.forward(latents2, embeds, maskArray, timestep, imgShapes, cancel); // [2, N', O]
        return new NDArray[] {ops.narrow(out, 0, 0, 1), ops.narrow(out, 0, 1, 1)};
    }

    /** Writes one sample's validity (1/0) into {@code mask[offset, offset + t)}; padding beyond its length is 0. */
    private static void textMask(PromptEmbeds p, float[] mask, int offset, int t) {
        int len = p.length();
        if (p.mask().isPresent()) {
            NDArray mk = p.mask().get();
            float[] v;
            try (NDArray f = mk.toType(DataType.FLOAT32, true)) {
                v = f.toFloatArray();
            }
            for (int j = 0; j < len; j++) {
                mask[offset + j] = v[j] != 0f ? 1f : 0f;
            }
        } else {
            Arrays.fill(mask, offset, offset + len, 1f);
        }
    }

    /** {@code [1, L, J]} → {@code [1, t, J]} with zero rows after L (f32 embeddings). */
    private static NDArray padText(NDArray e, int t, NDManager m) {
        long len = e.getShape().get(1);
        if (len == t) {
            return e;
        }
        NDArray zeros = m.zeros(new Shape(e.getShape().get(0), t - len, e.getShape().get(2)));
        return e.concat(zeros, 1);
    }
}
