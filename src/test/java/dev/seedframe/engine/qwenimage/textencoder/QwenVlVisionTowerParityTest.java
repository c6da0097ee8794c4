package dev.seedframe.engine.qwenimage.textencoder;

import static dev.seedframe.testing.ParityLog.assertCloseLogged;

import ai.djl.ndarray.NDManager;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.imageops.PilResize;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TestRuntime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Qwen2.5-VL vision tower (window attention, full-attention block 1, 2D RoPE, patch merger) on the
 * tiny checkpoint against transformers 5.12: the small image of {@code vision_text_encoder_reference}
 * (one 4×6-cell window... all in one window) and the edit case's 74×74-patch image (10×10 windows).
 */
@Tag("parity")
class QwenVlVisionTowerParityTest {

    /** Fixture README: vision embeds, max abs 1e-4. */
    static final double ATOL = 1e-4;

    private static NDManager manager;
    private static QwenVlVisionTower tower;

    @BeforeAll
    static void load() throws Exception {
        manager = DjlRuntime.newCpuManager();
        tower = QwenVlVisionTower.load(Golden.tinyEditModel().resolve("text_encoder"), manager,
                TestRuntime.f32(), TestRuntime.get());
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void smallImageMatchesFromTheReferencePixelValues() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("vision_text_encoder_reference.safetensors"));
                NDManager m = manager.newSubManager()) {
            long[] thw = TensorAssert.longs(ref, "image_grid_thw");
            QwenVlVisionTower.Output out = tower.forward(TensorAssert.floats(ref, "pixel_values"),
                    List.of(new QwenVlVisionTower.Grid((int) thw[0], (int) thw[1], (int) thw[2])), m, true);
            assertCloseLogged(ref, "visual.last_hidden_state_window_order", out.lastHiddenStateWindowOrder(), ATOL);
            assertCloseLogged(ref, "visual.merged_embeds", out.mergedEmbeds(), ATOL);
        }
    }

    /**
     * Several images in one call (Edit Plus): windows, full-attention spans and RoPE positions restart
     * per image, so the joint result equals the separate ones.
     */
    @Test
    void imagesInOneCallEqualSeparateCalls() throws Exception {
        QwenVlImageProcessor proc = QwenVlImageProcessor.load(Golden.tinyEditModel().resolve("processor"));
        RgbImage a = ImageFiles.read(Golden.component("vision_input.png")).image();
        RgbImage b = PilResize.resize(ImageFiles.read(Golden.caseDir("edit").resolve("input.png")).image(), 300, 200,
                PilResize.Filter.LANCZOS);
        QwenVlImageProcessor.Processed pa = proc.process(a);
        QwenVlImageProcessor.Processed pb = proc.process(b);
        QwenVlVisionTower.Grid ga = new QwenVlVisionTower.Grid(pa.gridT(), pa.gridH(), pa.gridW());
        QwenVlVisionTower.Grid gb = new QwenVlVisionTower.Grid(pb.gridT(), pb.gridH(), pb.gridW());
        float[] both = new float[pa.pixelValues().length + pb.pixelValues().length];
        System.arraycopy(pa.pixelValues(), 0, both, 0, pa.pixelValues().length);
        System.arraycopy(pb.pixelValues(), 0, both, pa.pixelValues().length, pb.pixelValues().length);
        try (NDManager m = manager.newSubManager()) {
            float[] joint = tower.forward(both, List.of(ga, gb), m, false).mergedEmbeds().toFloatArray();
            float[] sa = tower.forward(pa.pixelValues(), List.of(ga), m, false).mergedEmbeds().toFloatArray();
            float[] sb = tower.forward(pb.pixelValues(), List.of(gb), m, false).mergedEmbeds().toFloatArray();
            float[] separate = new float[sa.length + sb.length];
            System.arraycopy(sa, 0, separate, 0, sa.length);
            System.arraycopy(sb, 0, separate, sa.length, sb.length);
            TensorAssert.assertClose("joint vs separate merged embeddings", separate, joint, 1e-5);
        }
    }

    @Test
    void editImageWithManyWindowsMatches() throws Exception {
        RgbImage img = ImageFiles.read(Golden.caseDir("edit").resolve("input.png")).image();
        QwenVlImageProcessor.Processed p = QwenVlImageProcessor.load(Golden.tinyEditModel().resolve("processor"))
                .process(img);
        try (SafetensorsFile ref = Golden.caseReference("edit"); NDManager m = manager.newSubManager()) {
            QwenVlVisionTower.Output out = tower.forward(p.pixelValues(),
                    List.of(new QwenVlVisionTower.Grid(p.gridT(), p.gridH(), p.gridW())), m, true);
            assertCloseLogged(ref, "text.visual.last_hidden_state", out.lastHiddenStateWindowOrder(), ATOL);
            assertCloseLogged(ref, "text.visual.merged_embeds", out.mergedEmbeds(), ATOL);
        }
    }
}
