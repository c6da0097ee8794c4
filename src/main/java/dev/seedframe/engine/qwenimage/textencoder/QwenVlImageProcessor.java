package dev.seedframe.engine.qwenimage.textencoder;

import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.imageops.TorchAaResize;
import dev.seedframe.engine.weights.JsonConfig;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image half of {@code Qwen2VLProcessor}: transformers 5.12 {@code Qwen2VLImageProcessor} (the
 * torchvision backend, {@code src/transformers/models/qwen2_vl/image_processing_qwen2_vl*.py}).
 *
 * <ol>
 *   <li>{@link #smartResize}: both sides to multiples of {@code patch·merge} (28), the area kept within
 *       {@code [min_pixels, max_pixels]};
 *   <li>resize the uint8 image with torch's antialiased bicubic ({@link TorchAaResize});
 *   <li>rescale and normalise, fused as transformers does: {@code (x − mean/rescale) / (std/rescale)} in f32;
 *   <li>repeat the frame to {@code temporal_patch_size} frames and flatten into {@code pixel_values
 *       [t·gh·gw, C·T·P·P]}, patches in merge-window-major order (each run of {@code merge²} rows is one
 *       merged token), features in {@code (c, t, py, px)} order.
 * </ol>
 */
public final class QwenVlImageProcessor {

    /** One preprocessed image. {@code pixelValues} is row-major {@code [gridT·gridH·gridW, patchDim]}. */
    public record Processed(float[] pixelValues, int gridT, int gridH, int gridW, int patchDim) {
        public int patches() {
            return gridT * gridH * gridW;
        }
    }

    private final int minPixels;
    private final int maxPixels;
    private final int patchSize;
    private final int temporalPatchSize;
    private final int mergeSize;
    private final float[] meanScaled;
    private final float[] stdScaled;

    /**
     * @param rescaleFactor {@code rescale_factor} (1/255)
     */
    public QwenVlImageProcessor(int minPixels, int maxPixels, int patchSize, int temporalPatchSize, int mergeSize,
            double[] mean, double[] std, double rescaleFactor) {
        this.minPixels = minPixels;
        this.maxPixels = maxPixels;
        this.patchSize = patchSize;
        this.temporalPatchSize = temporalPatchSize;
        this.mergeSize = mergeSize;
        // transformers' _fuse_mean_std_and_rescale_factor: torch.tensor(mean) (f32) * (1 / rescale_factor)
        float inv = (float) (1.0 / rescaleFactor);
        this.meanScaled = new float[3];
        this.stdScaled = new float[3];
        for (int c = 0; c < 3; c++) {
            meanScaled[c] = (float) mean[c] * inv;
            stdScaled[c] = (float) std[c] * inv;
        }
    }

    /**
     * Reads {@code processor_config.json} (transformers 5: an {@code image_processor} object) or
     * {@code preprocessor_config.json} (the published Qwen-Image-Edit layout) in {@code processorDir}.
     */
    public static QwenVlImageProcessor load(Path processorDir) throws WeightsException {
        Path combined = processorDir.resolve("processor_config.json");
        Path legacy = processorDir.resolve("preprocessor_config.json");
        JsonConfig c;
        if (Files.isRegularFile(legacy)) {
            c = JsonConfig.read(legacy, "processor/preprocessor_config.json");
        } else {
            JsonConfig root = JsonConfig.read(combined, "processor/processor_config.json (or preprocessor_config.json)");
            c = root.getObjectOrNull("image_processor");
            if (c == null) {
                throw new WeightsException("processor/processor_config.json has no \"image_processor\" object");
            }
        }
        int min = 56 * 56;
        int max = 28 * 28 * 1280;
        JsonConfig size = c.getObjectOrNull("size");
        if (size != null) {
            min = size.getInt("shortest_edge", min);
            max = size.getInt("longest_edge", max);
        }
        min = c.getInt("min_pixels", min);
        max = c.getInt("max_pixels", max);
        double[] mean = c.getDoubleArray("image_mean");
        double[] std = c.getDoubleArray("image_std");
        if (mean.length != 3 || std.length != 3) {
            throw new WeightsException(c.source() + ": image_mean and image_std must have 3 values");
        }
        int resample = c.getInt("resample", 3);
        if (resample != 3) {
            throw new WeightsException(c.source() + ": only bicubic resampling (3) is supported, found " + resample);
        }
        return new QwenVlImageProcessor(JsonConfig.positive(c, "min_pixels", min),
                JsonConfig.positive(c, "max_pixels", max),
                JsonConfig.positive(c, "patch_size", c.getInt("patch_size", 14)),
                JsonConfig.positive(c, "temporal_patch_size", c.getInt("temporal_patch_size", 2)),
                JsonConfig.positive(c, "merge_size", c.getInt("merge_size", 2)), mean, std,
                c.getDouble("rescale_factor", 1.0 / 255));
    }

    public int mergeSize() {
        return mergeSize;
    }

    /** transformers {@code smart_resize}: {@code [height, width]}. */
    public int[] smartResize(int height, int width) throws InvalidRequestException {
        int factor = patchSize * mergeSize;
        if ((double) Math.max(height, width) / Math.min(height, width) > 200) {
            throw new InvalidRequestException("The image is " + width + "×" + height
                    + ": its aspect ratio must be below 200 for the vision encoder");
        }
        long hBar = Math.round(Math.rint((double) height / factor)) * factor;
        long wBar = Math.round(Math.rint((double) width / factor)) * factor;
        if (hBar * wBar > maxPixels) {
            double beta = Math.sqrt((double) height * width / maxPixels);
            hBar = Math.max(factor, (long) Math.floor(height / beta / factor) * factor);
            wBar = Math.max(factor, (long) Math.floor(width / beta / factor) * factor);
        } else if (hBar * wBar < minPixels) {
            double beta = Math.sqrt((double) minPixels / ((double) height * width));
            hBar = (long) Math.ceil(height * beta / factor) * factor;
            wBar = (long) Math.ceil(width * beta / factor) * factor;
        }
        return new int[] {(int) hBar, (int) wBar};
    }

    /** Resizes, normalises and patchifies one image. */
    public Processed process(RgbImage image) throws InvalidRequestException {
        int[] hw = smartResize(image.height(), image.width());
        int h = hw[0];
        int w = hw[1];
        RgbImage resized = TorchAaResize.resize(image, w, h);
        byte[] rgb = resized.rgb();
        int gh = h / patchSize;
        int gw = w / patchSize;
        int m = mergeSize;
        int p = patchSize;
        int tp = temporalPatchSize;
        int patchDim = 3 * tp * p * p;
        float[] out = new float[gh * gw * patchDim];
        int row = 0;
        for (int bh = 0; bh < gh / m; bh++) {
            for (int bw = 0; bw < gw / m; bw++) {
                for (int mh = 0; mh < m; mh++) {
                    for (int mw = 0; mw < m; mw++) {
                        int y0 = (bh * m + mh) * p;
                        int x0 = (bw * m + mw) * p;
                        int base = row * patchDim;
                        for (int c = 0; c < 3; c++) {
                            for (int py = 0; py < p; py++) {
                                for (int px = 0; px < p; px++) {
                                    int v = rgb[((y0 + py) * w + x0 + px) * 3 + c] & 0xff;
                                    float f = ((float) v - meanScaled[c]) / stdScaled[c];
                                    for (int t = 0; t < tp; t++) {
                                        out[base + ((c * tp + t) * p + py) * p + px] = f;
                                    }
                                }
                            }
                        }
                        row++;
                    }
                }
            }
        }
        return new Processed(out, 1, gh, gw, patchDim);
    }
}
