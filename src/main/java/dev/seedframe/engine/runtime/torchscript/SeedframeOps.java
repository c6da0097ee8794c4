package dev.seedframe.engine.runtime.torchscript;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.runtime.DjlRuntime;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Seedframe's TorchScript helper module: the operations DJL 0.35.1 lacks (fused scaled dot-product
 * attention) or cannot run on bfloat16 without aborting the JVM (dtype conversion, device moves,
 * softmax), plus the bf16 building blocks whose reference computes statistics in f32 (layer norm,
 * RMS norm). The module is generated from {@link #SOURCE} by {@link TorchScriptArchive}, written to
 * a content-addressed file in the cache folder and loaded by its owner ({@code runtime.EngineRuntime}: once per
 * runtime, closed with it).
 *
 * <p>Every method takes and returns NDArrays; results join the first argument's manager (and the
 * enclosing {@link ai.djl.ndarray.NDScope}), like any DJL operator's. A bf16 result shows in DJL as
 * {@code DataType.UNKNOWN}: hand it only to the operations {@link Bf16} lists as safe, or back to
 * this module.
 *
 * <p>Dimension letters: B batch, H heads, Sq query tokens, Sk key tokens, D head width.
 */
public final class SeedframeOps {

    /** System property: the folder the helper archive is written to (default: beside DJL's cache). */
    public static final String CACHE_PROPERTY = "seedframe.torchscript.cache";

    static final String ARCHIVE_NAME = "seedframe_ops";
    static final String CLASS_NAME = "__torch__.seedframe.SeedframeOps";

    /**
     * The module source, in the dialect {@code torch.jit.save} writes to {@code code/}: {@code torch.x}
     * is {@code aten::x}, {@code ops.prim.dtype(t)} is {@code t.dtype} as a {@code c10::ScalarType}
     * code. Scalar arguments arrive as 0-dim CPU tensors (see {@link ScriptModule}). {@code
     * view_dtype} re-labels a tensor's storage with another 2-byte dtype through {@code set_},
     * because TorchScript offers no {@code Tensor.view(dtype)} overload.
     */
    static final String SOURCE = """
            class SeedframeOps(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self, x: Tensor) -> Tensor:
                return x
              def sdpa(self, q: Tensor, k: Tensor, v: Tensor, scale: Tensor) -> Tensor:
                return torch.scaled_dot_product_attention(torch.contiguous(q), torch.contiguous(k),
                    torch.contiguous(v), None, 0., False, scale=float(scale))
              def sdpa_masked(self, q: Tensor, k: Tensor, v: Tensor, mask: Tensor, scale: Tensor) -> Tensor:
                m = torch.to(mask, ops.prim.dtype(q))
                return torch.scaled_dot_product_attention(torch.contiguous(q), torch.contiguous(k),
                    torch.contiguous(v), m, 0., False, scale=float(scale))
              def to_dtype(self, x: Tensor, dtype: Tensor) -> Tensor:
                return torch.to(x, int(dtype))
              def view_dtype(self, x: Tensor, dtype: Tensor) -> Tensor:
                out = torch.empty([0], dtype=int(dtype), device=ops.prim.device(x))
                return torch.set_(out, x, torch.storage_offset(x), torch.size(x), torch.stride(x))
              def to_device(self, x: Tensor, where: Tensor, dtype: Tensor) -> Tensor:
                kind = int(torch.select(where, 0, 0))
                index = int(torch.select(where, 0, 1))
                code = int(dtype)
                target = ops.prim.dtype(x)
                if code >= 0:
                  target = code
                if kind == 1:
                  return torch.to(x, torch.device(torch.add("cuda:", str(index))), target)
                elif kind == 2:
                  return torch.to(x, torch.device(torch.add("mps:", str(index))), target)
                else:
                  return torch.to(x, torch.device("cpu"), target)
              def dtype_of(self, x: Tensor) -> Tensor:
                return torch.tensor(ops.prim.dtype(x))
              def linear(self, x: Tensor, w: Tensor, b: Tensor) -> Tensor:
                return torch.linear(x, w, b)
              def linear_nobias(self, x: Tensor, w: Tensor) -> Tensor:
                return torch.linear(x, w)
              def layer_norm(self, x: Tensor, eps: Tensor) -> Tensor:
                xf = torch.to(x, 6)
                y = torch.layer_norm(xf, [torch.size(xf, -1)], None, None, float(eps))
                return torch.to(y, ops.prim.dtype(x))
              def layer_norm_affine(self, x: Tensor, w: Tensor, b: Tensor, eps: Tensor) -> Tensor:
                xf = torch.to(x, 6)
                y = torch.layer_norm(xf, [torch.size(xf, -1)], torch.to(w, 6), torch.to(b, 6), float(eps))
                return torch.to(y, ops.prim.dtype(x))
              def rms_norm(self, x: Tensor, w: Tensor, eps: Tensor) -> Tensor:
                xf = torch.to(x, 6)
                var = torch.mean(torch.pow(xf, 2), [-1], True)
                y = torch.mul(xf, torch.rsqrt(torch.add(var, float(eps))))
                return torch.mul(torch.to(y, ops.prim.dtype(w)), w)
              def rms_norm_noweight(self, x: Tensor, eps: Tensor) -> Tensor:
                xf = torch.to(x, 6)
                var = torch.mean(torch.pow(xf, 2), [-1], True)
                y = torch.mul(xf, torch.rsqrt(torch.add(var, float(eps))))
                return torch.to(y, ops.prim.dtype(x))
              def softmax_f32(self, x: Tensor, dim: Tensor) -> Tensor:
                return torch.to(torch.softmax(x, int(dim), 6), ops.prim.dtype(x))
              def gelu_tanh(self, x: Tensor) -> Tensor:
                return torch.gelu(x, approximate="tanh")
              def silu(self, x: Tensor) -> Tensor:
                return torch.silu(x)
              def zeros_like(self, x: Tensor) -> Tensor:
                return torch.zeros_like(x)
              def ones_like(self, x: Tensor) -> Tensor:
                return torch.ones_like(x)
              def clone(self, x: Tensor) -> Tensor:
                return torch.clone(x)
              def narrow(self, x: Tensor, dim: Tensor, start: Tensor, length: Tensor) -> Tensor:
                return torch.narrow(x, int(dim), int(start), int(length))
              def unsqueeze(self, x: Tensor, dim: Tensor) -> Tensor:
                return torch.unsqueeze(x, int(dim))
              def cat2(self, a: Tensor, b: Tensor, dim: Tensor) -> Tensor:
                return torch.cat([a, b], int(dim))
              def add(self, a: Tensor, b: Tensor) -> Tensor:
                return torch.add(a, b)
              def sub(self, a: Tensor, b: Tensor) -> Tensor:
                return torch.sub(a, b)
              def mul(self, a: Tensor, b: Tensor) -> Tensor:
                return torch.mul(a, b)
              def modulate(self, x: Tensor, shift: Tensor, scale: Tensor) -> Tensor:
                return torch.add(torch.mul(x, torch.add(scale, 1)), shift)
              def add_gated(self, x: Tensor, gate: Tensor, y: Tensor) -> Tensor:
                return torch.add(x, torch.mul(gate, y))
              def rope_pairs(self, x: Tensor, cos: Tensor, sin: Tensor) -> Tensor:
                xf = torch.to(x, 6)
                p = torch.reshape(xf, [torch.size(xf, 0), torch.size(xf, 1), torch.size(xf, 2), -1, 2])
                re = torch.select(p, -1, 0)
                im = torch.select(p, -1, 1)
                out_re = torch.sub(torch.mul(re, cos), torch.mul(im, sin))
                out_im = torch.add(torch.mul(re, sin), torch.mul(im, cos))
                return torch.to(torch.flatten(torch.stack([out_re, out_im], -1), 3), ops.prim.dtype(x))
              def joint_sdpa(self, tq: Tensor, iq: Tensor, tk: Tensor, ik: Tensor, tv: Tensor, iv: Tensor, scale: Tensor) -> Tensor:
                q = torch.contiguous(torch.transpose(torch.cat([tq, iq], 1), 1, 2))
                k = torch.contiguous(torch.transpose(torch.cat([tk, ik], 1), 1, 2))
                v = torch.contiguous(torch.transpose(torch.cat([tv, iv], 1), 1, 2))
                o = torch.scaled_dot_product_attention(q, k, v, None, 0., False, scale=float(scale))
                return torch.flatten(torch.transpose(o, 1, 2), 2, 3)
              def joint_sdpa_masked(self, tq: Tensor, iq: Tensor, tk: Tensor, ik: Tensor, tv: Tensor, iv: Tensor, mask: Tensor, scale: Tensor) -> Tensor:
                q = torch.contiguous(torch.transpose(torch.cat([tq, iq], 1), 1, 2))
                k = torch.contiguous(torch.transpose(torch.cat([tk, ik], 1), 1, 2))
                v = torch.contiguous(torch.transpose(torch.cat([tv, iv], 1), 1, 2))
                m = torch.to(mask, ops.prim.dtype(q))
                o = torch.scaled_dot_product_attention(q, k, v, m, 0., False, scale=float(scale))
                return torch.flatten(torch.transpose(o, 1, 2), 2, 3)
              def euler_step(self, sample: Tensor, v: Tensor, dt: Tensor) -> Tensor:
                return torch.to(torch.add(torch.to(sample, 6), torch.mul(v, dt)), ops.prim.dtype(v))
              def true_cfg(self, cond: Tensor, uncond: Tensor, scale: Tensor) -> Tensor:
                comb = torch.add(uncond, torch.mul(torch.sub(cond, uncond), float(scale)))
                cond_norm = torch.linalg_vector_norm(cond, 2, [-1], True)
                comb_norm = torch.linalg_vector_norm(comb, 2, [-1], True)
                return torch.mul(comb, torch.div(cond_norm, comb_norm))
            """;

    /** Device kinds understood by the {@code to_device} method. */
    private static final int DEVICE_CPU = 0;
    private static final int DEVICE_CUDA = 1;
    private static final int DEVICE_MPS = 2;
    /** {@code to_device}'s "keep the dtype" code. */
    private static final long KEEP_DTYPE = -1;

    private final ScriptModule module;

    private SeedframeOps(ScriptModule module) {
        this.module = module;
    }

    /** The archive this class loads. */
    public static TorchScriptArchive archive() {
        return TorchScriptArchive.module(ARCHIVE_NAME, CLASS_NAME, SOURCE);
    }

    /** Generates the archive into {@code cacheDir} (if not there yet) and loads a new instance. */
    public static SeedframeOps load(Path cacheDir) throws EngineException {
        return new SeedframeOps(archive().load(cacheDir));
    }

    /**
     * Where the archive is written: {@value #CACHE_PROPERTY} if set, else a {@code
     * seedframe-torchscript} folder inside DJL's cache folder (which the runtime points into
     * Seedframe's own cache).
     */
    public static Path cacheDir() throws EngineException {
        String explicit = System.getProperty(CACHE_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        DjlRuntime.engine();
        String djl = System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
        if (djl != null && !djl.isBlank()) {
            return Path.of(djl).resolve("seedframe-torchscript");
        }
        return DjlRuntime.defaultCacheDir().resolve("torchscript");
    }

    public ScriptModule module() {
        return module;
    }

    /** Frees the loaded module. */
    public void close() {
        module.close();
    }

    /**
     * {@code torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask, scale=scale)}:
     * libtorch's fused kernels (flash attention on the CPU for f32 and bf16). Inputs are made contiguous
     * first: for views whose last dimension is strided (a transposed projection) libtorch would otherwise
     * fall back to its math kernel and build the whole S×S score matrix (17 GB for the VAE's 65,536
     * positions). Works for any floating
     * dtype; an additive mask is converted to q's dtype first, as SDPA requires.
     *
     * @param q {@code [B, H, Sq, D]}
     * @param k {@code [B, H, Sk, D]}
     * @param v {@code [B, H, Sk, D]}
     * @param additiveMask null, or broadcastable to {@code [B, H, Sq, Sk]}
     * @return {@code [B, H, Sq, D]}
     */
    public NDArray sdpa(NDArray q, NDArray k, NDArray v, NDArray additiveMask, float scale) {
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(k, "k");
        Objects.requireNonNull(v, "v");
        if (additiveMask == null) {
            return module.call("sdpa", q, k, v, (double) scale);
        }
        return module.call("sdpa_masked", q, k, v, additiveMask, (double) scale);
    }

    /** {@code x.to(dtype)}; returns a new handle on the same tensor when x already has that dtype. */
    public NDArray to(NDArray x, TorchDtype dtype) {
        return module.call("to_dtype", x, (long) dtype.code());
    }

    /** {@code x.to(torch.bfloat16)}, round to nearest even. */
    public NDArray toBf16(NDArray x) {
        return to(x, TorchDtype.BFLOAT16);
    }

    /** {@code x.to(torch.float32)}; exact from bf16 and f16. */
    public NDArray toF32(NDArray x) {
        return to(x, TorchDtype.FLOAT32);
    }

    /** {@code x.to(torch.float16)}. */
    public NDArray toF16(NDArray x) {
        return to(x, TorchDtype.FLOAT16);
    }

    /**
     * The same storage read as another dtype of the same width, without copying: e.g. bf16 bit
     * patterns that DJL holds in a {@code FLOAT16}-labelled array (DJL cannot create bf16) become a
     * bf16 tensor. The result keeps the storage alive.
     */
    public NDArray viewAs(NDArray x, TorchDtype dtype) {
        return module.call("view_dtype", x, (long) dtype.code());
    }

    /** {@code x.to(device)}, dtype kept; also for bf16 tensors, where DJL's {@code toDevice} aborts. */
    public NDArray toDevice(NDArray x, Device device) {
        return module.call("to_device", x, deviceCode(device), KEEP_DTYPE);
    }

    /** {@code x.to(device, dtype)} in one step (no full-size copy in the old dtype on the new device). */
    public NDArray toDevice(NDArray x, Device device, TorchDtype dtype) {
        return module.call("to_device", x, deviceCode(device), (long) dtype.code());
    }

    private static long[] deviceCode(Device device) {
        String type = device.getDeviceType();
        int kind;
        if (Device.Type.CPU.equals(type)) {
            kind = DEVICE_CPU;
        } else if (Device.Type.GPU.equals(type)) {
            kind = DEVICE_CUDA;
        } else if ("mps".equals(type)) {
            kind = DEVICE_MPS;
        } else {
            throw new IllegalArgumentException("The TorchScript helper moves tensors to cpu, gpu (CUDA) or mps, not "
                    + device);
        }
        return new long[] {kind, Math.max(0, device.getDeviceId())};
    }

    /** The tensor's exact libtorch dtype (DJL reports bf16 as UNKNOWN); null for one not in {@link TorchDtype}. */
    public TorchDtype dtype(NDArray x) {
        try (NDArray code = module.call("dtype_of", x)) {
            return TorchDtype.fromCode(code.getLong());
        }
    }

    /** {@code torch.nn.functional.linear(x, w, b)}: {@code x·wᵀ + b}, w {@code [out, in]}, b nullable. */
    public NDArray linear(NDArray x, NDArray w, NDArray b) {
        return b == null ? module.call("linear_nobias", x, w) : module.call("linear", x, w, b);
    }

    /** Layer norm over the last axis without affine parameters, statistics in f32, result in x's dtype. */
    public NDArray layerNorm(NDArray x, float eps) {
        return module.call("layer_norm", x, (double) eps);
    }

    /** Layer norm over the last axis with weight and bias, computed in f32, result in x's dtype. */
    public NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, float eps) {
        return module.call("layer_norm_affine", x, weight, bias, (double) eps);
    }

    /**
     * RMS norm over the last axis as diffusers' {@code RMSNorm} computes it: {@code x·rsqrt(mean(x²)+eps)}
     * in f32, cast to the weight's dtype, times the weight (so an f32 weight gives an f32 result); with
     * a null weight the normalised value is cast back to x's dtype.
     */
    public NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
        return weight == null
                ? module.call("rms_norm_noweight", x, (double) eps)
                : module.call("rms_norm", x, weight, (double) eps);
    }

    /** {@code softmax(x, axis, dtype=float32).to(x.dtype)}: the statistics in f32 for any input dtype. */
    public NDArray softmaxF32(NDArray x, int axis) {
        return module.call("softmax_f32", x, (long) axis);
    }

    /** {@code F.gelu(x, approximate="tanh")}, one rounding in x's dtype. */
    public NDArray geluTanh(NDArray x) {
        return module.call("gelu_tanh", x);
    }

    /** {@code F.silu(x)}, one rounding in x's dtype. */
    public NDArray silu(NDArray x) {
        return module.call("silu", x);
    }

    /** {@code torch.zeros_like(x)} (DJL's {@code zerosLike} aborts on bf16). */
    public NDArray zerosLike(NDArray x) {
        return module.call("zeros_like", x);
    }

    /** {@code torch.ones_like(x)} (DJL's {@code onesLike} aborts on bf16). */
    public NDArray onesLike(NDArray x) {
        return module.call("ones_like", x);
    }

    /** {@code x.clone()}: a copy with its own storage, any dtype (DJL's {@code duplicate} without DJL). */
    public NDArray copy(NDArray x) {
        return module.call("clone", x);
    }

    /** {@code x.narrow(dim, start, length)}: a view, any dtype. */
    public NDArray narrow(NDArray x, int dim, long start, long length) {
        return module.call("narrow", x, (long) dim, start, length);
    }

    /** {@code x.unsqueeze(dim)}. */
    public NDArray unsqueeze(NDArray x, int dim) {
        return module.call("unsqueeze", x, (long) dim);
    }

    /** {@code torch.cat([a, b], dim)}. */
    public NDArray cat(NDArray a, NDArray b, int dim) {
        return module.call("cat2", a, b, (long) dim);
    }

    /** {@code a + b} with torch's type promotion (one rounding in the result dtype). */
    public NDArray add(NDArray a, NDArray b) {
        return module.call("add", a, b);
    }

    /** {@code a - b}. */
    public NDArray sub(NDArray a, NDArray b) {
        return module.call("sub", a, b);
    }

    /** {@code a * b}. */
    public NDArray mul(NDArray a, NDArray b) {
        return module.call("mul", a, b);
    }

    /**
     * The DiT modulation {@code x * (1 + scale) + shift}, evaluated as diffusers writes it: three ops, each
     * rounded to the tensors' dtype.
     */
    public NDArray modulate(NDArray x, NDArray shift, NDArray scale) {
        return module.call("modulate", x, shift, scale);
    }

    /** The gated residual {@code x + gate * y} (two roundings in the dtype). */
    public NDArray addGated(NDArray x, NDArray gate, NDArray y) {
        return module.call("add_gated", x, gate, y);
    }

    /**
     * Interleaved-pair rotary embedding as diffusers' {@code apply_rotary_emb_qwen(use_real=False)}: x widened
     * to f32, channels (2p, 2p+1) rotated by the f32 angle of pair p, one rounding back to x's dtype.
     *
     * @param x {@code [B, L, H, K]}
     * @param cos {@code [L, 1, K/2]} f32
     * @param sin {@code [L, 1, K/2]} f32
     */
    public NDArray ropePairs(NDArray x, NDArray cos, NDArray sin) {
        return module.call("rope_pairs", x, cos, sin);
    }

    /**
     * Joint attention of the dual-stream blocks: text then image tokens concatenated, fused SDPA, heads
     * flattened again.
     *
     * @param tq text queries {@code [B, T, H, K]} (likewise tk, tv)
     * @param iq image queries {@code [B, N, H, K]} (likewise ik, iv)
     * @param additiveMask null or {@code [B, 1, 1, T+N]}
     * @return {@code [B, T+N, H·K]}
     */
    public NDArray jointSdpa(NDArray tq, NDArray iq, NDArray tk, NDArray ik, NDArray tv, NDArray iv,
            NDArray additiveMask, float scale) {
        if (additiveMask == null) {
            return module.call("joint_sdpa", tq, iq, tk, ik, tv, iv, (double) scale);
        }
        return module.call("joint_sdpa_masked", tq, iq, tk, ik, tv, iv, additiveMask, (double) scale);
    }

    /**
     * {@code FlowMatchEulerDiscreteScheduler.step} for a low-precision model output: {@code (sample.float() +
     * dt * v).to(v.dtype)}, where {@code dt * v} is rounded to v's dtype first (a 0-dim f32 tensor times a
     * bf16 tensor is a bf16 op in torch).
     */
    public NDArray eulerStep(NDArray sample, NDArray v, float dt) {
        return module.call("euler_step", sample, v, (double) dt);
    }

    /**
     * True CFG with diffusers' norm-preserving rescale, every op in the inputs' dtype as the pipeline runs
     * it: {@code comb = uncond + s·(cond − uncond)}, then {@code comb · (‖cond‖ / ‖comb‖)} over the last axis.
     */
    public NDArray trueCfg(NDArray cond, NDArray uncond, double scale) {
        return module.call("true_cfg", cond, uncond, scale);
    }
}
