package dev.seedframe.engine.qwenimage.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;

/**
 * The denoising loop as diffusers' pipelines run it: per step the velocity (with true CFG and its norm-preserving
 * rescale), the flow-matching Euler update, inpainting's blend, progress with a live preview. Every step's
 * temporaries live in their own scope; only the new latents survive a step. The latents live in the transformer's
 * compute dtype between steps ({@code prev_sample.to(model_output.dtype)}). Shared by every run: all of a run's
 * state is in its {@link RunContext} and {@link Denoising}.
 */
final class DenoisingLoop {

    private final QwenImageTransformer transformer;
    private final StepPreview preview;

    DenoisingLoop(QwenImageTransformer transformer, StepPreview preview) {
        this.transformer = transformer;
        this.preview = preview;
    }

    /** Runs the loop; returns the final latents (in the compute dtype), owned by the caller. */
    NDArray run(RunContext ctx, Denoising d) throws EngineException {
        transformer.restoreBlocks(); // evicted for the last decode (int8) or for the text encoder
        Ops ops = transformer.ops();
        QwenImagePipeline.Conditioning cond = d.cond();
        long textTokens = cond.cfg() ? Math.max(cond.positive().length(), cond.negative().length()) : 0;
        long conditionTokens = d.conditionLatents() == null ? 0 : d.conditionLatents().getShape().get(1);
        // decided once per run, never step by step
        boolean batchCfg = CfgBatch.batches(ctx.settings().cfgBatching(),
                d.latents().getShape().get(1) + conditionTokens + textTokens, transformer);
        Velocity velocity = new Velocity(transformer, d, batchCfg, ctx);
        int total = d.schedule().steps() - d.begin();
        long start = System.nanoTime();
        float[] sigmas = d.schedule().sigmas();
        float[] timesteps = d.schedule().timesteps();
        NDArray current = ops.toCompute(d.latents()); // bf16 latents between steps in a bf16 run
        if (current != d.latents()) {
            NDScope.unregister(current);
            d.latents().close();
        }
        for (int i = d.begin(); i < d.schedule().steps(); i++) {
            if (ctx.cancel().isCancelled()) {
                current.close();
                throw new CancelledException(i - d.begin(), total);
            }
            int k = i - d.begin();
            NDArray next;
            NDArray x0;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray timestep = ctx.gen().create(new float[] {modelTimestep(ops, timesteps[i])}); // [B]
                NDArray v = velocity.at(current, timestep, k);
                next = ops.eulerStep(current, v, sigmas[i], sigmas[i + 1]);
                ctx.trace().recordF32(ops, "step" + k + ".scheduler_prev_sample", next);
                if (d.blend() != null) {
                    // inpainting's blend is f32 code: the latents are widened for it and the result rounded back
                    NDArray wide = ops.toF32(next);
                    NDArray blended = ops.toCompute(d.blend().apply(wide, i, ctx.gen()));
                    if (wide != next) {
                        wide.close();
                    }
                    next.close();
                    next = blended;
                }
                ctx.trace().recordF32(ops, "step" + k + ".latents", next);
                // x0 estimate for previews: x_σ − σ·v, in f32
                x0 = ops.toF32(current).sub(ops.toF32(v).mul(sigmas[i]));
                NDScope.unregister(next);
                NDScope.unregister(x0);
            } catch (CancelledException e) { // between two blocks of this step
                current.close();
                throw new CancelledException(k, total);
            }
            current.close();
            current = next;
            long elapsed = System.nanoTime() - start;
            NDArray previewSource = x0;
            int step = k + 1;
            try {
                ctx.listener().onStep(new StepListener.StepEvent(step, total, elapsed,
                        () -> preview.of(previewSource, d.grid(), step, ctx.settings())));
            } finally {
                x0.close();
            }
        }
        return current;
    }

    /**
     * The σ the transformer sees: {@code t / 1000}; in a low-precision run as diffusers computes it, {@code
     * t.expand(B).to(latents.dtype) / 1000}: t rounded to the dtype, the quotient rounded again.
     */
    static float modelTimestep(Ops ops, float t) {
        return ops.roundToCompute(ops.roundToCompute(t) / 1000f);
    }
}
