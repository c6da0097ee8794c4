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
 * a content-addressed file in the cache folder and loaded once per process ({@link #get()}).
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
                  return torch.to(x, torch.device("cuda", index), target)
                elif kind == 2:
                  return torch.to(x, torch.device("mps", index), target)
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
            """;

    /** Device kinds understood by the {@code to_device} method. */
    private static final int DEVICE_CPU = 0;
    private static final int DEVICE_CUDA = 1;
    private static final int DEVICE_MPS = 2;
    /** {@code to_device}'s "keep the dtype" code. */
    private static final long KEEP_DTYPE = -1;

    private static SeedframeOps instance;

    private final ScriptModule module;

    private SeedframeOps(ScriptModule module) {
        this.module = module;
    }

    /** The archive this class loads. */
    public static TorchScriptArchive archive() {
        return TorchScriptArchive.module(ARCHIVE_NAME, CLASS_NAME, SOURCE);
    }

    /** The process-wide helper, generated and loaded on first use. */
    public static synchronized SeedframeOps get() throws EngineException {
        if (instance == null) {
            instance = load(cacheDir());
        }
        return instance;
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
}
