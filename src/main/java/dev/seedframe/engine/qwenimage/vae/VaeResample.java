package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.seedframe.engine.nn.Tensors;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;

/**
 * diffusers' {@code QwenImageResample}
 * (<a href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/autoencoders/autoencoder_kl_qwenimage.py">autoencoder_kl_qwenimage.py</a>)
 * for single frames.
 *
 * <ul>
 *   <li>down: zero-pad right 1 and bottom 1 ({@code resample.0}, a {@code ZeroPad2d(0, 1, 0, 1)}),
 *       then a 3×3 stride-2 conv without padding, {@code C → C} ({@code resample.1});
 *   <li>up: nearest-neighbour ×2 ({@code resample.0}; "nearest-exact" equals "nearest" at ×2), then
 *       a 3×3 conv with padding 1, {@code C → C/2} ({@code resample.1}).
 * </ul>
 *
 * <p>The up path never builds the 2× nearest-neighbour image. Each output pixel {@code (2i+py,
 * 2j+px)} sees only the input rows {@code i-1, i} (py = 0) or {@code i, i+1} (py = 1), and likewise
 * for columns, because neighbouring upsampled rows are copies of one input row. So the 3×3 kernel
 * folds, at load time, into four 2×2 "phase" kernels (for py = 0 the kernel rows {@code [w0, w1+w2]},
 * for py = 1 {@code [w0+w1, w2]}; the same for columns), each applied to the low-resolution input,
 * and the four phase images are interleaved. This is the same linear map (sums of the same products,
 * grouped differently, so equal up to f32 rounding) with 16/36 of the multiplications and without
 * the 4×-sized upsampled tensor, which at 1328² (192 channels) would be 1.35 GB.
 *
 * <p>The 3D modes also own a {@code time_conv} that diffusers skips on the first chunk of frames, i.e.
 * always for a single image: its weights are declared as unused.
 *
 * <p>Dimension letters: B batch, C channels, H height, W width.
 */
final class VaeResample implements VaeLayer {

    /** Upstream {@code mode} strings, without the identity mode (never built by the VAE). */
    enum Mode {
        DOWNSAMPLE_2D(false, false),
        DOWNSAMPLE_3D(false, true),
        UPSAMPLE_2D(true, false),
        UPSAMPLE_3D(true, true);

        final boolean up;
        final boolean temporal;

        Mode(boolean up, boolean temporal) {
            this.up = up;
            this.temporal = temporal;
        }

        static Mode down(boolean temporal) {
            return temporal ? DOWNSAMPLE_3D : DOWNSAMPLE_2D;
        }

        static Mode up(boolean temporal) {
            return temporal ? UPSAMPLE_3D : UPSAMPLE_2D;
        }
    }

    private final Mode mode;
    private final Param weight;
    private final Param bias;

    /** {@code dim} is the input width; the output width is {@code dim} (down) or {@code dim / 2} (up). */
    VaeResample(WeightMap w, int dim, Mode mode) {
        this.mode = mode;
        long out = mode.up ? dim / 2 : dim;
        WeightMap conv = w.prefix("resample.1");
        this.weight = conv.param("weight", out, dim, 3, 3);
        if (mode.up) {
            weight.transform(VaeResample::phaseKernels);
        }
        this.bias = conv.param("bias", out);
        if (mode.temporal) {
            w.ignore("time_conv"); // only used from the second chunk of a video on
        }
    }

    /** Down: {@code [B, C, H, W] → [B, C, H/2, W/2]}; up: {@code [B, C, H, W] → [B, C/2, 2H, 2W]}. */
    @Override
    public NDArray forward(NDArray x) {
        return Scopes.keep(() -> mode.up ? up(x) : down(x));
    }

    private NDArray down(NDArray x) {
        try (NDArray padded = x.pad(new Shape(0, 1, 0, 1), 0)) { // [B, C, H+1, W+1]
            return Conv2d.conv2d(
                            padded, weight.array(), bias.array(), new Shape(2, 2), new Shape(0, 0), new Shape(1, 1), 1)
                    .singletonOrThrow();
        }
    }

    /**
     * Folds the up-conv kernel {@code [O, C, 3, 3]} into the four phase kernels, stacked phase-major
     * ({@code p = 2·py + px}) as {@code [4·O, C, 2, 2]}.
     */
    static NDArray phaseKernels(NDArray k3) {
        return Scopes.keep(() -> {
            NDList phases = new NDList();
            for (int py = 0; py < 2; py++) {
                NDArray rows = fold(k3, 2, py); // [O, C, 2, 3]
                for (int px = 0; px < 2; px++) {
                    phases.add(fold(rows, 3, px)); // [O, C, 2, 2]
                }
            }
            return NDArrays.concat(phases, 0); // [4·O, C, 2, 2]
        });
    }

    /**
     * Along kernel {@code axis} (2 rows, 3 columns): phase 0 keeps tap 0 and sums taps 1 and 2;
     * phase 1 sums taps 0 and 1 and keeps tap 2. Size 3 becomes 2.
     */
    private static NDArray fold(NDArray k, int axis, int phase) {
        String[] tap = new String[3];
        for (int t = 0; t < 3; t++) {
            tap[t] = axis == 2 ? ":, :, " + t + ":" + (t + 1) : ":, :, :, " + t + ":" + (t + 1);
        }
        NDArray first = phase == 0 ? k.get(tap[0]) : k.get(tap[0]).add(k.get(tap[1]));
        NDArray second = phase == 0 ? k.get(tap[1]).add(k.get(tap[2])) : k.get(tap[2]);
        return first.concat(second, axis);
    }

    private NDArray up(NDArray x) {
        return upsampleConv(x, weight.array(), bias.array());
    }

    /**
     * {@code conv3x3(nearest2x(x))} computed as four phase convolutions at the input resolution and
     * interleaved; temporaries are closed as soon as they are used.
     *
     * @param x {@code [B, C, H, W]}
     * @param kernels {@link #phaseKernels} of the 3×3 kernel, {@code [4·O, C, 2, 2]}
     * @param bias {@code [O]}
     * @return {@code [B, O, 2H, 2W]}
     */
    static NDArray upsampleConv(NDArray x, NDArray kernels, NDArray bias) {
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(2);
        long wd = s.get(3);
        long out = bias.getShape().get(0);
        NDList rows = new NDList();
        for (int py = 0; py < 2; py++) {
            NDList phases = new NDList();
            for (int px = 0; px < 2; px++) {
                int p = 2 * py + px;
                try (NDArray k = kernels.get("{}:{}", p * out, (p + 1) * out); // [O, C, 2, 2]
                        // padding 1 with a 2×2 kernel: output (r, q) reads input rows r-1, r and columns q-1, q
                        NDArray all = Conv2d.conv2d(
                                        x, k, bias, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                                .singletonOrThrow()) { // [B, O, H+1, W+1]
                    phases.add(Tensors.copy(all.get(":, :, {}:{}, {}:{}", py, py + h, px, px + wd))); // [B, O, H, W]
                }
            }
            try (phases;
                    NDArray interleaved = NDArrays.stack(phases, 4)) { // [B, O, H, W, 2]
                rows.add(interleaved.reshape(b, out, h, 2 * wd)); // [B, O, H, 2W]
            }
        }
        try (rows;
                NDArray interleaved = NDArrays.stack(rows, 3)) { // [B, O, H, 2, 2W]
            return interleaved.reshape(b, out, 2 * h, 2 * wd); // [B, O, 2H, 2W]
        }
    }
}
