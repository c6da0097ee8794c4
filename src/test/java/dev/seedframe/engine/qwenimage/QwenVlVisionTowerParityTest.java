package dev.seedframe.engine.qwenimage;

import static dev.seedframe.engine.qwenimage.ParityLog.assertCloseLogged;

import ai.djl.ndarray.NDManager;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
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
        tower = QwenVlVisionTower.load(Golden.tinyEditModel().resolve("text_encoder"), manager);
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
