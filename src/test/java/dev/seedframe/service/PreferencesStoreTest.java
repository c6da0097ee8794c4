package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preferences: defaults, a round trip through the files, validation, damaged values, the older engine file. */
@Tag("unit")
class PreferencesStoreTest {

    @TempDir
    Path dir;

    @Test
    void aNewUserGetsTheDefaultsWithTheContentFilterOffAndItsListsEmpty() {
        PreferencesStore.Loaded l = new PreferencesStore(dir).load();
        assertEquals(Preferences.defaults(), l.preferences());
        assertFalse(l.preferences().contentFilter());
        assertTrue(l.preferences().termsEn().isEmpty() && l.preferences().termsZh().isEmpty());
        assertTrue(l.problems().isEmpty());
        assertTrue(l.savedEngine().isEmpty());
    }

    @Test
    void everythingSavedReadsBackAndTheTermListsArePlainTextBesideIt() throws Exception {
        Preferences p = Preferences.defaults().withEngine("cuda:1", "stream-blocks", "bf16")
                .withFolders(List.of(dir.resolve("models a"), dir.resolve("模型")), List.of(dir.resolve("loras")),
                        dir.resolve("projects"))
                .withCaches(1024, 50_000).withLanguage("zh-CN")
                .withContentFilter(true, true, List.of("nude", "explicit sex"), List.of("裸体"));
        PreferencesStore store = new PreferencesStore(dir);
        store.save(p);
        assertEquals(p, store.load().preferences());
        assertEquals(java.util.Locale.forLanguageTag("zh-CN"), store.load().preferences().locale());
        assertTrue(Files.readString(dir.resolve(PreferencesStore.TERMS_EN)).lines().anyMatch("explicit sex"::equals));
        assertTrue(Files.readString(dir.resolve(PreferencesStore.TERMS_ZH), StandardCharsets.UTF_8).contains("裸体"));
        assertTrue(Files.readString(store.file()).contains("contentFilter.enabled=true"));
    }

    @Test
    void invalidPreferencesAreNotSavedAndEveryProblemIsNamed() {
        Preferences bad = Preferences.defaults().withEngine("tpu", "everywhere", "f8").withCaches(1, 5)
                .withLanguage("fr").withFolders(List.of(Path.of("relative")), List.of(), null)
                .withContentFilter(true, false, List.of(" "), List.of("x".repeat(101)));
        List<String> problems = bad.validate();
        assertEquals(9, problems.size(), problems.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PreferencesStore(dir).save(bad));
        assertTrue(e.getMessage().contains("the language must be one of [system, en, zh-CN], not \"fr\""),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve(PreferencesStore.FILE)));
    }

    @Test
    void aDamagedValueFallsBackToItsDefaultAndIsSaidWhileTheRestIsKept() throws Exception {
        Files.writeString(dir.resolve(PreferencesStore.FILE), "engine.device=quantum\ncache.imageMemoryMb=lots\n"
                + "ui.language=zh-CN\ncontentFilter.enabled=yes please\nmodels.folder.1=" + dir.resolve("m") + "\n");
        PreferencesStore.Loaded l = new PreferencesStore(dir).load();
        assertEquals("cpu", l.preferences().device());
        assertEquals(512, l.preferences().imageCacheMb());
        assertEquals("zh-CN", l.preferences().language());
        assertFalse(l.preferences().contentFilter());
        assertEquals(List.of(dir.resolve("m")), l.preferences().modelFolders());
        assertEquals(3, l.problems().size(), l.problems().toString());
        assertEquals("quantum", l.savedEngine().orElseThrow().device(), "as written, for the studio to refuse");
    }

    @Test
    void theEngineMenusOlderFileIsReadWhenThePreferencesHaveNoEngine() throws Exception {
        Files.writeString(dir.resolve("engine.properties"), "device=auto\nmemoryMode=int8\nprecision=f32\n");
        PreferencesStore.Loaded l = new PreferencesStore(dir).load();
        assertEquals("auto", l.preferences().device());
        assertEquals("int8", l.preferences().memoryMode());
        assertEquals(new PreferencesStore.SavedEngine("auto", "int8", "f32"), l.savedEngine().orElseThrow());
    }
}
