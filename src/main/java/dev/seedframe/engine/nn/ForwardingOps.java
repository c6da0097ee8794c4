package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.torchscript.Bf16GuardException;
import java.util.List;

/**
 * An {@link Ops} that hands every operation to another one: the base of decorators, which override only what
 * they change. Layers made through a decorator ({@link #newLinear}) are bound to the decorator, so its {@link
 * #forward(Linear, NDArray)} sees every Linear's forward: LoRA at run time overrides that method (base output plus
 * {@code Σ wᵢ·sᵢ·Bᵢ(Aᵢ·x)} for the adapters keyed by {@link Linear#name()}); LoRA merged overrides {@link #newLinear}
 * to register {@code W + Σ wᵢ·sᵢ·Bᵢ·Aᵢ} as the weight's load-time transform; fp8 storage overrides {@link #newLinear}
 * to give each Linear an fp8 {@link LinearWeights}. See ADR 0004.
 */
public abstract class ForwardingOps implements Ops {

    private final Ops inner;

    protected ForwardingOps(Ops inner) {
        this.inner = inner;
    }

    /** The operations this one hands to. */
    protected Ops inner() {
        return inner;
    }

    @Override
    public NDArray forward(Linear layer, NDArray x) {
        return inner.forward(layer, x);
    }

    @Override
    public Precision precision() {
        return inner.precision();
    }

    @Override
    public AttentionKernel attention() {
        return inner.attention();
    }

    @Override
    public NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return inner.linear(x, weight, bias);
    }

    @Override
    public NDArray silu(NDArray x) {
        return inner.silu(x);
    }

    @Override
    public NDArray geluTanh(NDArray x) {
        return inner.geluTanh(x);
    }

    @Override
    public NDArray geluErf(NDArray x) {
        return inner.geluErf(x);
    }

    @Override
    public NDArray layerNorm(NDArray x, float eps) {
        return inner.layerNorm(x, eps);
    }

    @Override
    public NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
        return inner.rmsNorm(x, weight, eps);
    }

    @Override
    public NDArray add(NDArray a, NDArray b) {
        return inner.add(a, b);
    }

    @Override
    public NDArray mul(NDArray a, NDArray b) {
        return inner.mul(a, b);
    }

    @Override
    public NDArray modulate(NDArray x, NDArray shift, NDArray scale) {
        return inner.modulate(x, shift, scale);
    }

    @Override
    public NDArray addGated(NDArray x, NDArray gate, NDArray y) {
        return inner.addGated(x, gate, y);
    }

    @Override
    public List<NDArray> chunks(NDArray x, int n) {
        return inner.chunks(x, n);
    }

    @Override
    public NDArray narrow(NDArray x, int axis, long start, long length) {
        return inner.narrow(x, axis, start, length);
    }

    @Override
    public NDArray concat(NDArray a, NDArray b, int axis) {
        return inner.concat(a, b, axis);
    }

    @Override
    public NDArray ropePairs(NDArray x, NDArray cos, NDArray sin) {
        return inner.ropePairs(x, cos, sin);
    }

    @Override
    public NDArray jointAttention(NDArray tq, NDArray iq, NDArray tk, NDArray ik, NDArray tv, NDArray iv,
            NDArray additiveMask, float scale) {
        return inner.jointAttention(tq, iq, tk, ik, tv, iv, additiveMask, scale);
    }

    @Override
    public NDArray toCompute(NDArray x) {
        return inner.toCompute(x);
    }

    @Override
    public NDArray toF32(NDArray x) {
        return inner.toF32(x);
    }

    @Override
    public NDArray roundToCompute(NDArray x) {
        return inner.roundToCompute(x);
    }

    @Override
    public float roundToCompute(float x) {
        return inner.roundToCompute(x);
    }

    @Override
    public void requireInputs(String where, NDArray... inputs) throws Bf16GuardException {
        inner.requireInputs(where, inputs);
    }

    @Override
    public boolean acceptsInput(NDArray a) {
        return inner.acceptsInput(a);
    }

    @Override
    public String inputDtypes() {
        return inner.inputDtypes();
    }

    @Override
    public float[] randn(TorchCpuGenerator generator, long... shape) {
        return inner.randn(generator, shape);
    }

    @Override
    public NDArray eulerStep(NDArray sample, NDArray v, float sigma, float sigmaNext) throws Bf16GuardException {
        return inner.eulerStep(sample, v, sigma, sigmaNext);
    }

    @Override
    public NDArray trueCfg(NDArray cond, NDArray uncond, double scale) throws Bf16GuardException {
        return inner.trueCfg(cond, uncond, scale);
    }
}
