package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.Engines;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.LoraFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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

    /** A recorded generation with {@code loras} (each at weight 0.75, run time), on the tiny model. */
    private long generateWith(Path... loras) throws Exception {
        studio.create(dir.resolve("p.seedframe"));
        GenerationRequest r = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt("a harbour").seed(3)
                .steps(2).size(64, 64)
                .loras(Stream.of(loras).map(l -> LoraSpec.runtime(l.toString(), 0.75)).toList()).build();
        return studio.generate(ModelChoice.folder(Golden.tinyModel()), r, null, ProgressListener.NONE,
                new CancellationToken()).id();
    }

    @Test
    void aRecordedLoraMovedIntoALoraFolderIsFoundByItsSha256AndADeletedOneIsNamedMissing() throws Exception {
        Path used = Files.createDirectories(dir.resolve("used"));
        Path style = Files.copy(LoraFixtures.lora("style_peft.safetensors"), used.resolve("style.safetensors"));
        Path detail = Files.copy(LoraFixtures.lora("detail_aitoolkit.safetensors"),
                used.resolve("detail.safetensors"));
        long id = generateWith(style, detail);

        Path moved = Files.move(style, Files.createDirectories(userLoras.resolve("kept"))
                .resolve("renamed.safetensors"));
        Files.delete(detail);
        List<StudioLoras.Located> found = studio.locateLoras(id);
        assertEquals(2, found.size());
        assertEquals(LoraSpec.runtime(moved.toAbsolutePath().toString(), 0.75), found.get(0).spec(),
                "found by its SHA-256 under another name");
        assertEquals(moved.toAbsolutePath(), found.get(0).summary().file().toAbsolutePath());
        assertTrue(found.get(1).missing());
        assertEquals(LoraSpec.runtime(detail.toString(), 0.75), found.get(1).spec(), "the recorded one, as recorded");
        assertTrue(found.get(1).message().startsWith("The LoRA detail.safetensors of generation #" + id
                + " (SHA-256 "), found.get(1).message());
        assertTrue(found.get(1).message().contains("is missing: " + detail + " does not exist and no file in ["
                + userLoras.toAbsolutePath()), "the words replay uses, naming the folders: " + found.get(1).message());
    }

    @Test
    void aPicturesLorasAreFoundAtTheirPathsOrNamedMissing() throws Exception {
        Path style = Files.copy(LoraFixtures.lora("style_peft.safetensors"), dir.resolve("style.safetensors"));
        Path gone = dir.resolve("gone.safetensors");
        List<StudioLoras.Located> found = studio.locateLoras(List.of(LoraSpec.runtime(style.toString(), 0.5),
                LoraSpec.runtime(gone.toString(), 1)));
        assertEquals(style, found.get(0).summary().file());
        assertEquals(LoraSpec.runtime(style.toString(), 0.5), found.get(0).spec());
        assertTrue(found.get(1).missing());
        assertEquals("The LoRA gone.safetensors (weight 1.0, runtime) is missing: " + gone + " does not exist."
                + " Put the file back at its path.", found.get(1).message());
    }

    @Test
    void aRecordedLoraMovedIntoAFolderThePersonAddedIsFoundByItsSha256() throws Exception {
        Path used = Files.createDirectories(dir.resolve("used"));
        Path style = Files.copy(LoraFixtures.lora("style_peft.safetensors"), used.resolve("style.safetensors"));
        long id = generateWith(style);
        Path added = Files.createDirectories(dir.resolve("added"));
        studio.addLoraFolder(added);
        Path moved = Files.move(style, added.resolve("style-v1.safetensors"));
        Files.delete(used); // the folder of the LoRA used before is gone: only the added folder holds it

        List<StudioLoras.Located> found = studio.locateLoras(id);
        assertEquals(List.of(LoraSpec.runtime(moved.toAbsolutePath().toString(), 0.75)),
                found.stream().map(StudioLoras.Located::spec).toList(), "the panel's folders are searched");
        assertTrue(studio.loraFolders().contains(added.toAbsolutePath()));
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
