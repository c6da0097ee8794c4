package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.Engines;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.Png;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.WebPictureServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio's doors for pictures in and out and for what it remembers, on a real project file: pictures imported
 * from a file, a {@code data:} or {@code file:} address and a real local web server; what is not a picture or an
 * address refused with the project unchanged; the temporary file of a shown picture; the language and folders kept
 * for the next session.
 */
class StudioLibraryTest {

    @TempDir
    Path dir;

    UseCases app;
    Studio studio;
    final RgbImage picture = RgbImage.filled(24, 16, 10, 120, 230);

    @BeforeEach
    void open() throws Exception {
        ProjectService projects = new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults()));
        app = new UseCases(new ModelService(Engines.qwenImage()), projects,
                new ModelRegistry(dir.resolve("models.json")), Golden.tinyModel());
        studio = new Studio(app, new RecentProjects(dir.resolve("recent.txt")));
        studio.create(dir.resolve("p.seedframe"));
    }

    private int nodes() throws Failure {
        return studio.history().size();
    }

    @Test
    void picturesComeFromFilesAndAddressesOfEveryKindTheStudioMeets() throws Exception {
        byte[] png = Png.encode(picture, Map.of());
        Path file = dir.resolve("poster.png");
        Files.write(file, png);
        ImportedPictures.Result fromFile = studio.pictures().importFile(file);
        assertEquals(picture, studio.load(fromFile.nodeId()).output());
        assertEquals(PipelineKind.IMPORT, studio.load(fromFile.nodeId()).request().kind());

        ImportedPictures.Result fromFileUrl = studio.pictures().importAddress(file.toUri().toString());
        assertEquals("poster.png", fromFileUrl.file().name());
        ImportedPictures.Result fromData = studio.pictures().importAddress("data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png));
        assertEquals(picture, fromData.image());
        assertEquals("pasted picture", fromData.file().name());
        ImportedPictures.Result fromPath = studio.pictures().importAddress("  " + file + "\n");
        assertEquals(picture, fromPath.image());
        try (WebPictureServer web = new WebPictureServer().file("/images/cat.png", png)) {
            ImportedPictures.Result fromWeb = studio.pictures().importAddress(web.uri("/images/cat.png").toString());
            assertEquals("cat.png", fromWeb.file().name());
            assertEquals(picture, studio.load(fromWeb.nodeId()).output());
            assertEquals(5, nodes());
            Failure missing = assertThrows(Failure.class,
                    () -> studio.pictures().importAddress(web.uri("/images/gone.png").toString()));
            assertEquals(Failure.Kind.FILE, missing.kind());
            assertTrue(missing.getMessage().startsWith("the picture at " + web.uri("/images/gone.png")
                    + " could not be fetched"), missing.getMessage());
        }
        assertEquals(5, nodes(), "a refusal records nothing");
    }

    @Test
    void whatIsNotAPictureNorAnAddressIsRefusedAndNothingIsRecorded() throws Exception {
        Failure text = assertThrows(Failure.class, () -> studio.pictures().importAddress("hello there"));
        assertEquals(Failure.Kind.INVALID_INPUT, text.kind());
        assertEquals("\"hello there\" is neither a picture nor the address of one", text.getMessage());
        Failure notImage = assertThrows(Failure.class,
                () -> studio.pictures().importBytes("just text".getBytes(), "notes.txt"));
        assertEquals(Failure.Kind.INVALID_INPUT, notImage.kind());
        assertTrue(notImage.getMessage().contains("notes.txt"), notImage.getMessage());
        Failure damagedData = assertThrows(Failure.class, () -> studio.pictures().importAddress("data:image/png;base64,"
                + "!!"));
        assertEquals(Failure.Kind.INVALID_INPUT, damagedData.kind());
        Failure noFile = assertThrows(Failure.class,
                () -> studio.pictures().importFile(dir.resolve("nowhere.png")));
        assertEquals(Failure.Kind.FILE, noFile.kind());
        assertEquals(0, nodes());
    }

    @Test
    void theShownPictureIsWrittenToATemporaryPngOfItsProject() throws Exception {
        long id = studio.pictures().importBytes(Png.encode(picture, Map.of()), "a.png").nodeId();
        Path own = studio.pictures().temporaryPng(id, picture);
        assertEquals("p-000" + id + ".png", own.getFileName().toString());
        assertEquals(picture, ImageFiles.decode(Files.readAllBytes(own), "x").image());
        RgbImage other = RgbImage.filled(24, 16, 0, 0, 0);
        Path composite = studio.pictures().temporaryPng(id, other);
        assertEquals(other, ImageFiles.decode(Files.readAllBytes(composite), "x").image());
        assertEquals(own.getParent(), composite.getParent(), "one temporary folder");
    }

    @Test
    void theLanguageAndFoldersAreKeptForTheNextSession() throws Exception {
        StudioMemory prefs = studio.memory();
        assertTrue(prefs.language().isEmpty());
        prefs.saveLanguage(Locale.SIMPLIFIED_CHINESE);
        Path folder = Files.createDirectories(dir.resolve("exports"));
        prefs.saveFolder(StudioMemory.Folder.EXPORT, folder);
        StudioMemory next = new Studio(app, new RecentProjects(dir.resolve("recent.txt"))).memory();
        assertEquals(Locale.SIMPLIFIED_CHINESE, next.language().orElseThrow());
        assertEquals(folder.toAbsolutePath(), next.folder(StudioMemory.Folder.EXPORT).orElseThrow());
        assertTrue(next.folder(StudioMemory.Folder.IMPORT).isEmpty());
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve(PreferencesStore.FILE))) {
            p.load(r);
        }
        assertEquals("zh-CN", p.getProperty("ui.language"), "the preferences' language, as the dialog shows it");

        Files.delete(folder);
        assertFalse(next.folder(StudioMemory.Folder.EXPORT).isPresent(), "a folder gone is forgotten");
        Files.write(dir.resolve(PreferencesStore.FILE), new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\\', 'u', 'z'});
        assertTrue(next.language().isEmpty(), "an unreadable file remembers nothing, and fails nothing");
        Files.write(dir.resolve("studio.properties"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\\', 'u', 'z'});
        assertTrue(next.folder(StudioMemory.Folder.IMPORT).isEmpty(), "nor does an unreadable folders file");
        next.saveLanguage(Locale.ENGLISH);
        assertEquals(Locale.ENGLISH, next.language().orElseThrow());
    }
}
