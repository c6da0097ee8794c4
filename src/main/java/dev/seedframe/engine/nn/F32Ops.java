package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.Constants;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.Bf16GuardException;
import java.util.ArrayList;
import java.util.List;

/**
 * Float32 with DJL's operators, in the reference's formulas and op order: what the engine computes on the CPU
 * and what the golden fixtures check. Float constants are kept CPU scalars ({@link Constants}); the attention is
 * the kernel chosen when the model opened.
 */
public final class F32Ops implements Ops {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private final Constants constants;
    private final AttentionKernel attention;

    public F32Ops(Constants constants, AttentionKernel attention) {
        this.constants = constants;
        this.attention = attention;
    }

    @Override
    public Precision precision() {
        return Precision.F32;
    }

    @Override
    public AttentionKernel attention() {
        return attention;
    }

    @Override
    public NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }

    @Override
    public NDArray silu(NDArray x) {
        return x.mul(ai.djl.nn.Activation.sigmoid(x));
    }

    @Override
    public NDArray geluTanh(NDArray x) {
        // while a model trains, the exponent is a kept scalar (op(Number)'s may be freed before the backward pass,
        // Tensors.scalar); at inference the call is the one the fixtures were made with
        NDArray cube = Tensors.recording() ? x.pow(c(x, 3f)) : x.pow(3);
        NDArray inner = cube.mul(c(x, 0.044715f)).add(x).mul(c(x, (float) SQRT_2_OVER_PI));
        return x.mul(c(x, 0.5f)).mul(inner.tanh().add(c(x, 1f)));
    }

    @Override
    public NDArray geluErf(NDArray x) {
        return x.mul(c(x, 0.5f)).mul(x.div(c(x, (float) Math.sqrt(2.0))).erf().add(c(x, 1f)));
    }

    @Override
    public NDArray layerNorm(NDArray x, float eps) {
        long dim = x.getShape().tail();
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(dim), constants.vector(x, dim, 1f),
                constants.vector(x, dim, 0f), eps).singletonOrThrow();
    }

    @Override
    public NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
        NDArray var = x.square().mean(new int[] {-1}, true);
        NDArray inv = var.add(c(var, eps)).sqrt();
        return x.div(inv).mul(weight);
    }

    @Override
    public NDArray add(NDArray a, NDArray b) {
        return a.add(b);
    }

    @Override
    public NDArray mul(NDArray a, NDArray b) {
        return a.mul(b);
    }

    @Override
    public NDArray modulate(NDArray x, NDArray shift, NDArray scale) {
        return x.mul(scale.add(c(scale, 1f))).add(shift);
    }

    @Override
    public NDArray addGated(NDArray x, NDArray gate, NDArray y) {
        return x.add(gate.mul(y));
    }

    @Override
    public List<NDArray> chunks(NDArray x, int n) {
        List<NDArray> out = new ArrayList<>(n);
        for (NDArray p : x.split(n, 1)) {
            out.add(p.expandDims(1)); // [B, 1, D]
        }
        return out;
    }

    @Override
    public NDArray narrow(NDArray x, int axis, long start, long length) {
        return x.get(new NDIndex().addAllDim(axis).addSliceDim(start, start + length));
    }

    @Override
    public NDArray concat(NDArray a, NDArray b, int axis) {
        return a.concat(b, axis);
    }

    @Override
    public NDArray ropePairs(NDArray x, NDArray cos, NDArray sin) {
        long[] s = x.getShape().getShape();
        NDArray pairs = x.reshape(s[0], s[1], s[2], s[3] / 2, 2); // [B, L, H, P, 2]
        NDArray re = pairs.get("..., 0"); // [B, L, H, P]
        NDArray im = pairs.get("..., 1"); // [B, L, H, P]
        NDArray outRe = re.mul(cos).sub(im.mul(sin));
        NDArray outIm = re.mul(sin).add(im.mul(cos));
        return outRe.stack(outIm, -1) // [B, L, H, P, 2]
                .reshape(s); // [B, L, H, K]
    }

    @Override
    public NDArray jointAttention(NDArray tq, NDArray iq, NDArray tk, NDArray ik, NDArray tv, NDArray iv,
            NDArray additiveMask, float scale) {
        long b = tq.getShape().get(0);
        long s = tq.getShape().get(1) + iq.getShape().get(1);
        long width = tq.getShape().get(2) * tq.getShape().get(3);
        // joint sequence, text first: [B, S, H, K] -> [B, H, S, K]
        NDArray q = tq.concat(iq, 1).transpose(0, 2, 1, 3);
        NDArray k = tk.concat(ik, 1).transpose(0, 2, 1, 3);
        NDArray v = tv.concat(iv, 1).transpose(0, 2, 1, 3);
        return attention.sdpa(q, k, v, additiveMask, scale)
                .transpose(0, 2, 1, 3) // [B, S, H, K]
                .reshape(b, s, width); // [B, S, H·K]
    }

    @Override
    public NDArray toCompute(NDArray x) {
        return x;
    }

    @Override
    public NDArray toF32(NDArray x) {
        return x;
    }

    @Override
    public NDArray roundToCompute(NDArray x) {
        return x;
    }

    @Override
    public float roundToCompute(float x) {
        return x;
    }

    @Override
    public void requireInputs(String where, NDArray... inputs) throws Bf16GuardException {
        Bf16.requireNotBf16(where, inputs);
    }

    @Override
    public boolean acceptsInput(NDArray a) {
        return a.getDataType() == DataType.FLOAT32;
    }

    @Override
    public String inputDtypes() {
        return "float32";
    }

    @Override
    public float[] randn(TorchCpuGenerator generator, long... shape) {
        return generator.randn(shape);
    }

    @Override
    public NDArray eulerStep(NDArray sample, NDArray v, float sigma, float sigmaNext) throws Bf16GuardException {
        Bf16.requireNotBf16("FlowMatchEulerScheduler.step", v, sample);
        float dt = sigmaNext - sigma;
        return v.mul(dt).add(sample);
    }

    @Override
    public NDArray trueCfg(NDArray cond, NDArray uncond, double scale) throws Bf16GuardException {
        Bf16.requireNotBf16("true CFG (f32)", cond, uncond);
        NDArray comb = cond.sub(uncond).mul((float) scale).add(uncond);
        NDArray condNorm = cond.norm(new int[] {-1}, true); // [B, N, 1]
        NDArray combNorm = comb.norm(new int[] {-1}, true); // [B, N, 1]
        return comb.mul(condNorm.div(combNorm));
    }

    private NDArray c(NDArray like, float value) {
        return constants.scalar(like, value);
    }
}
