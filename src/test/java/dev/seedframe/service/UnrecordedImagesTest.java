package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.service.usecase.UnrecordedImages;
import dev.seedframe.store.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image the project could not record is saved with its settings, so nothing made is lost. */
class UnrecordedImagesTest {

    @TempDir
    Path dir;

    private static Generation unrecorded(RgbImage image) {
        return Generation.ran(Samples.textToImage(77), RequestJson.write(Samples.textToImage(77)),
                new GenerationOutput(image, List.of(), new Timings(1, 2, 3, 6), 4, Samples.model(),
                        Samples.environment(), null));
    }

    @Test
    void theStudiosImageIsSavedBesideTheProjectWithItsSettings() throws Exception {
        RgbImage image = Samples.noise(24, 16, 3);
        Path saved = UnrecordedImages.save(unrecorded(image),
                UnrecordedImages.besides(dir.resolve("My images.seedframe"), 77));
        assertNotNull(saved);
        assertEquals(dir, saved.getParent());
        assertTrue(saved.getFileName().toString().startsWith("My images-unrecorded-seed77-"), saved.toString());
        ImageFiles.Decoded d = ImageFiles.read(saved);
        assertEquals(image, d.image());
        assertTrue(d.text().get(SeedframePng.KEY).contains("\"seed\":77"), d.text().toString());
        assertTrue(Files.size(saved) > 0);
    }

    @Test
    void aPlaceThatCannotTakeItIsSkippedForTheNext() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        Path next = dir.resolve("next.png");
        assertEquals(next, UnrecordedImages.save(unrecorded(Samples.noise(4, 4, 1)),
                List.of(notAFolder.resolve("a.png"), next)));
        assertNull(UnrecordedImages.save(unrecorded(Samples.noise(4, 4, 1)), List.of(notAFolder.resolve("b.png"))));
    }
}
