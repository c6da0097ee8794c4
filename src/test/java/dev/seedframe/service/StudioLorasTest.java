package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.Engines;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.LoraFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio's LoRA door on real files: the user's LoRA folder (made when missing) and the folders the person adds
 * (kept in the preferences), the LoRA files in them, what a file holds, and the engine's words for a file that is no
 * LoRA.
 */
@Tag("unit")
class StudioLorasTest {

    @TempDir
    Path dir;

    Studio studio;
    Path userLoras;

    @BeforeEach
    void open() {
        ProjectService projects = new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults()));
        userLoras = dir.resolve("data").resolve("loras");
        UseCases app = new UseCases(new ModelService(Engines.qwenImage()), projects,
                new ModelRegistry(dir.resolve("models.json"), List.of(), userLoras), Golden.tinyModel());
        studio = new Studio(app, new RecentProjects(dir.resolve("recent.txt")));
    }

    @Test
    void theUsersFolderAndTheFoldersAddedAreListedWithTheirLoraFiles() throws Exception {
        assertEquals(List.of(userLoras.toAbsolutePath()), studio.loraFolders(), "made when missing");
        Path style = Files.copy(LoraFixtures.lora("style_peft.safetensors"), userLoras.resolve("style.safetensors"));
        Path more = Files.createDirectories(dir.resolve("more").resolve("sub"));
        Path detail = Files.copy(LoraFixtures.lora("detail_aitoolkit.safetensors"),
                more.resolve("detail.safetensors"));
        Files.writeString(more.resolve("notes.txt"), "not a LoRA file");

        studio.addLoraFolder(dir.resolve("more"));
        studio.addLoraFolder(dir.resolve("more")); // once is enough
        assertEquals(List.of(dir.resolve("more").toAbsolutePath()),
                studio.preferences().preferences().loraFolders(), "kept in the preferences");
        assertEquals(List.of(userLoras.toAbsolutePath(), dir.resolve("more").toAbsolutePath()),
                studio.loraFolders());
        assertEquals(List.of(style.toAbsolutePath(), detail.toAbsolutePath()), studio.loraFiles());
    }

    @Test
    void aLoraFileIsReadAndOneThatIsNoLoraIsRefusedInWords() throws Exception {
        LoraSummary s = studio.inspectLora(LoraFixtures.lora("lightning_4step.safetensors"));
        assertEquals("Lightning, 4 steps", s.preset().name());
        assertEquals(4, s.preset().steps());
        Path bad = Files.writeString(dir.resolve("bad.safetensors"), "not a safetensors file");
        Failure f = assertThrows(Failure.class, () -> studio.inspectLora(bad));
        assertTrue(f.getMessage().contains("bad.safetensors"), f.getMessage());
        assertTrue(!f.getMessage().contains("Exception"), f.getMessage());
    }
}
