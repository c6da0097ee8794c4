package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.StepListener;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TinyModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The live preview: the latent-to-RGB projection after every step (one pixel per latent, no decoder pass), a full
 * VAE decode only every N-th step when asked, and the result's pixels the same either way.
 */
class LivePreviewTest {

    static final GenerationRequest REQUEST = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
            .prompt("a lighthouse").negativePrompt(" ").seed(4).steps(4).cfg(3).size(64, 48).build();

    /** Runs {@link #REQUEST} and collects each step's preview. */
    static GenerationOutput run(QwenImageModel model, List<RgbImage> previews) throws Exception {
        return model.generate(REQUEST, e -> previews.add(e.preview().get()), new CancellationToken());
    }

    @Test
    void everyPreviewIsTheProjectionAtTheLatentResolutionByDefault() throws Exception {
        List<RgbImage> previews = new ArrayList<>();
        run(TinyModel.get(), previews);
        assertEquals(4, previews.size());
        int f = 4; // the tiny model's VAE factor (size multiple 8 = 4 × patch 2)
        for (RgbImage p : previews) {
            assertEquals(64 / f, p.width(), "one preview pixel per latent");
            assertEquals(48 / f, p.height());
        }
    }

    @Test
    void everyNthPreviewIsDecodedWhenAskedAndTheImageIsTheSame() throws Exception {
        List<RgbImage> previews = new ArrayList<>();
        GenerationOutput decodedEvery2;
        try (QwenImageModel model = QwenImageModel.open(Golden.tinyModel(),
                EngineOptions.defaults().withPreviewDecodeEvery(2))) {
            decodedEvery2 = run(model, previews);
        }
        assertEquals(List.of(16, 64, 16, 64), previews.stream().map(RgbImage::width).toList());
        assertEquals(List.of(12, 48, 12, 48), previews.stream().map(RgbImage::height).toList());
        GenerationOutput projected = TinyModel.get().generate(REQUEST, StepListener.NONE, new CancellationToken());
        assertEquals(projected.image(), decodedEvery2.image(), "the preview changes no pixel of the result");
    }
}
