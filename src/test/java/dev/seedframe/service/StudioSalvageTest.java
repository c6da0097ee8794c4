package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.store.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image the project could not record is saved with its settings, so nothing made is lost. */
class StudioSalvageTest {

    @TempDir
    Path dir;

    @Test
    void theUnrecordedImageIsSavedBesideTheProjectWithItsSettings() throws Exception {
        RgbImage image = Samples.noise(24, 16, 3);
        Project.Outcome o = new Project.Outcome(0, image, Samples.textToImage(77), List.of(), new Timings(1, 2, 3, 6),
                Samples.model(), Samples.environment(), false, 0);
        Path saved = Studio.salvage(dir.resolve("My images.seedframe"), o);
        assertNotNull(saved);
        assertEquals(dir, saved.getParent());
        assertTrue(saved.getFileName().toString().startsWith("My images-unrecorded-seed77-"), saved.toString());
        ImageFiles.Decoded d = ImageFiles.read(saved);
        assertEquals(image, d.image());
        assertTrue(d.text().get(SeedframePng.KEY).contains("\"seed\":77"), d.text().toString());
        assertTrue(Files.size(saved) > 0);
    }
}
