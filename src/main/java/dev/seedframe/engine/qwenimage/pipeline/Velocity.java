package dev.seedframe.engine.qwenimage.pipeline;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;

/**
 * The velocity of one denoising step: one transformer call, or two with true CFG combined with diffusers'
 * norm-preserving rescale (as one batch-2 call when the run batches CFG, {@link CfgBatch}). Edit models also
 * predict for their condition-image tokens; only the first N (the noise tokens) are kept.
 */
final class Velocity {

    private final QwenImageTransformer transformer;
    private final Ops ops;
    private final Denoising d;
    private final boolean batchCfg;
    private final RunContext ctx;

    Velocity(QwenImageTransformer transformer, Denoising d, boolean batchCfg, RunContext ctx) {
        this.transformer = transformer;
        this.ops = transformer.ops();
        this.d = d;
        this.batchCfg = batchCfg;
        this.ctx = ctx;
    }

    /** The velocity for step {@code k} at {@code latents} (compute dtype) and {@code timestep} {@code [B]}. */
    NDArray at(NDArray latents, NDArray timestep, int k) throws EngineException {
        QwenImagePipeline.Conditioning cond = d.cond();
        int n = (int) latents.getShape().get(1);
        NDArray input = joinCondition(latents); // [B, N(+Nc), F]
        NDArray vc;
        NDArray vu = null;
        if (cond.cfg() && cond.positive().batchSize() == 1 && cond.negative().batchSize() == 1 && batchCfg) {
            NDArray[] both = CfgBatch.forward(transformer, input, timestep, cond, d.imgShapes(), ctx.cancel());
            vc = slice(both[0], n);
            vu = slice(both[1], n);
        } else {
            vc = slice(transformer.forward(input, cond.positive().embeds(), cond.positive().mask().orElse(null),
                    timestep, d.imgShapes(), ctx.cancel()), n);
            if (cond.cfg()) {
                vu = slice(transformer.forward(input, cond.negative().embeds(),
                        cond.negative().mask().orElse(null), timestep, d.imgShapes(), ctx.cancel()), n);
            }
        }
        PipelineTrace trace = ctx.trace();
        trace.recordF32(ops, "step" + k + ".transformer.cond.out", vc);
        if (!cond.cfg()) {
            trace.recordF32(ops, "step" + k + ".noise_pred", vc);
            return vc;
        }
        trace.recordF32(ops, "step" + k + ".transformer.uncond.out", vu);
        NDArray v = ops.trueCfg(vc, vu, ctx.request().cfg());
        trace.recordF32(ops, "step" + k + ".noise_pred", v);
        return v;
    }

    /**
     * The transformer's image input: the latents, then (edit models) the condition-image latents along the
     * sequence, {@code concat([latents, conditionLatents], dim=1)}, the condition latents rounded to the compute dtype.
     */
    private NDArray joinCondition(NDArray latents) {
        NDArray c = d.conditionLatents();
        return c == null ? latents : ops.concat(latents, ops.toCompute(c), 1); // [B, N+Nc, F]
    }

    /** Keeps the first {@code n} tokens (edit models also predict for the reference image tokens). */
    private NDArray slice(NDArray out, int n) {
        return out.getShape().get(1) == n ? out : ops.narrow(out, 1, 0, n);
    }
}
