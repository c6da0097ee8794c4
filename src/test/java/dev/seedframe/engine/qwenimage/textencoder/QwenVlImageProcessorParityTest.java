package dev.seedframe.engine.qwenimage.textencoder;

import static dev.seedframe.testing.ParityLog.assertCloseLogged;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.testing.CaseArgs;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Qwen2-VL image processor (transformers 5.12, torchvision backend) against the processor outputs
 * of {@code vision_text_encoder_reference} (no resize) and of the edit case (1024² → 1036², bicubic
 * with antialias on uint8).
 */
@Tag("parity")
class QwenVlImageProcessorParityTest {

    /** Normalised pixels are O(1) f32; the reference computes the same f32 operations. */
    static final double PIXEL_ATOL = 1e-6;

    static QwenVlImageProcessor processor() throws Exception {
        return QwenVlImageProcessor.load(Golden.tinyEditModel().resolve("processor"));
    }

    @Test
    void smartResizeFollowsTheReferenceRules() throws Exception {
        QwenVlImageProcessor p = processor();
        assertArrayEquals(new int[] {1036, 1036}, p.smartResize(1024, 1024));
        assertArrayEquals(new int[] {56, 84}, p.smartResize(56, 84));
        assertArrayEquals(new int[] {392, 392}, p.smartResize(384, 384));
        // below min_pixels (3136): scaled up with ceil
        assertArrayEquals(new int[] {56, 56}, p.smartResize(32, 32));
        // round half to even, as Python's round: 42/28 = 1.5 → 2, 70/28 = 2.5 → 2
        assertArrayEquals(new int[] {56, 56}, p.smartResize(42, 70));
    }

    @Test
    void smallImageWithoutResizeMatchesEveryPixelValue() throws Exception {
        RgbImage img = ImageFiles.read(Golden.component("vision_input.png")).image();
        try (SafetensorsFile ref = Golden.open(Golden.component("vision_text_encoder_reference.safetensors"))) {
            QwenVlImageProcessor.Processed got = processor().process(img);
            long[] thw = TensorAssert.longs(ref, "image_grid_thw");
            assertArrayEquals(thw, new long[] {got.gridT(), got.gridH(), got.gridW()});
            assertCloseLogged("pixel_values", TensorAssert.floats(ref, "pixel_values"), got.pixelValues(), PIXEL_ATOL);
        }
    }

    @Test
    void editInputResizedTo1036MatchesTheStoredRows() throws Exception {
        RgbImage img = ImageFiles.read(Golden.caseDir("edit").resolve("input.png")).image();
        try (SafetensorsFile ref = Golden.caseReference("edit")) {
            QwenVlImageProcessor.Processed got = processor().process(img);
            long[] thw = TensorAssert.longs(ref, "text.image_grid_thw");
            assertArrayEquals(thw, new long[] {got.gridT(), got.gridH(), got.gridW()});
            int d = got.patchDim();
            float[] pv = got.pixelValues();
            assertCloseLogged("pixel_values rows 0..127", TensorAssert.floats(ref, "text.pixel_values.rows_0_127"),
                    Arrays.copyOf(pv, 128 * d), PIXEL_ATOL);
            float[] stride = new float[55 * d];
            for (int r = 0; r < 55; r++) {
                System.arraycopy(pv, r * 101 * d, stride, r * d, d);
            }
            assertCloseLogged("pixel_values rows 0,101,...", TensorAssert.floats(ref, "text.pixel_values.rows_stride_101"),
                    stride, PIXEL_ATOL);
            JsonObject meta = CaseArgs.of("edit").meta();
            double sum = 0;
            double abs = 0;
            for (float v : pv) {
                sum += v;
                abs += Math.abs(v);
            }
            assertEquals(meta.get("text.pixel_values.sum_float64").getAsDouble(), sum, 1e-2, "sum of pixel_values");
            assertEquals(meta.get("text.pixel_values.abs_sum_float64").getAsDouble(), abs, 1e-2,
                    "sum of |pixel_values|");
        }
    }
}
