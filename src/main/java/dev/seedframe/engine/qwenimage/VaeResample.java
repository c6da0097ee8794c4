package dev.seedframe.engine.qwenimage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
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
 * The 3D modes also own a {@code time_conv} that diffusers skips on the first chunk of frames, i.e.
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
        this.bias = conv.param("bias", out);
        if (mode.temporal) {
            w.ignore("time_conv"); // only used from the second chunk of a video on
        }
    }

    Mode mode() {
        return mode;
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

    private NDArray up(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long wd = s.get(3);
        NDArray big;
        try (NDArray cells = x.reshape(b, c, h, 1, wd, 1); // [B, C, H, 1, W, 1]
                NDArray repeated = cells.broadcast(b, c, h, 2, wd, 2)) { // [B, C, H, 2, W, 2]
            big = repeated.reshape(b, c, 2 * h, 2 * wd); // [B, C, 2H, 2W]
        }
        try (big) {
            return Conv2d.conv2d(big, weight.array(), bias.array(), new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                    .singletonOrThrow();
        }
    }
}
