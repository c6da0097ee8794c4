package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.service.ContentPolicy;
import dev.seedframe.service.Preferences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Preferences dialog without a window: it shows what is saved, saves nothing while a problem is listed (the
 * preferences' own validation and the engine's), applies the engine settings, hands the language to the window,
 * and shows the filter locked with the policy's words.
 */
@Tag("unit")
class PreferencesViewModelTest {

    @TempDir
    Path dir;

    private final FakeStudio studio = new FakeStudio();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final EngineMenuViewModel engine = new EngineMenuViewModel(studio, feedback);

    private PreferencesViewModel open(FakePreferences port) {
        PreferencesViewModel vm = new PreferencesViewModel(port, feedback, engine);
        vm.load();
        return vm;
    }

    @Test
    void whatIsSavedIsShownAndAnEditSavesEveryPart() throws Exception {
        FakePreferences port = new FakePreferences(dir);
        port.store.save(Preferences.defaults().withContentFilter(true, false, List.of("nude"), List.of("裸体"))
                .withFolders(List.of(Path.of("/models")), List.of(), Path.of("/work/projects")));
        PreferencesViewModel vm = open(port);
        assertEquals("cpu", vm.deviceProperty().get());
        assertEquals(List.of(Path.of("/models")), vm.modelFolders());
        assertEquals("/work/projects", vm.projectsFolderProperty().get());
        assertEquals("512", vm.imageCacheMbProperty().get());
        assertTrue(vm.contentFilterProperty().get());
        assertEquals("nude", vm.termsEnProperty().get());
        assertEquals("裸体", vm.termsZhProperty().get());
        assertEquals("/home/ada/.config/seedframe/projects", vm.defaultProjectsProperty().get());

        vm.termsEnProperty().set("nude\n\n  gore  \n# a comment");
        vm.addModelFolder(Path.of("/more-models"));
        vm.addLoraFolder(Path.of("/loras"));
        vm.diskCacheMbProperty().set("4096");
        vm.projectsFolderProperty().set("");
        assertTrue(vm.save(), vm.problems().toString());
        Preferences saved = port.store.load().preferences();
        assertEquals(List.of("nude", "gore"), saved.termsEn());
        assertEquals(List.of(Path.of("/models"), Path.of("/more-models")), saved.modelFolders());
        assertEquals(List.of(Path.of("/loras")), saved.loraFolders());
        assertEquals(4096, saved.diskCacheMb());
        assertEquals(null, saved.projectsFolder(), "empty is the default folder");
        assertEquals("Preferences saved.", feedback.statusProperty().get());
    }

    @Test
    void nothingIsSavedWhileAProblemIsListed() throws Exception {
        FakePreferences port = new FakePreferences(dir);
        PreferencesViewModel vm = open(port);
        vm.imageCacheMbProperty().set("lots");
        assertFalse(vm.save());
        assertEquals(List.of("The memory for decoded images must be a whole number of MB, not \"lots\"."),
                vm.problems());
        vm.imageCacheMbProperty().set("1");
        vm.projectsFolderProperty().set("relative/projects");
        vm.termsEnProperty().set("x".repeat(120));
        assertFalse(vm.save());
        String all = String.join("\n", vm.problems());
        assertTrue(all.contains("image cache") && all.contains("projects folder") && all.contains("longer than 100"),
                all);
        assertEquals(0, port.saves);
        assertFalse(Files.exists(port.store.file()), "nothing was written");
    }

    @Test
    void theEngineSettingsApplyAtOnceAndACombinationTheEngineRefusesIsListed() {
        FakePreferences port = new FakePreferences(dir);
        PreferencesViewModel vm = open(port);
        vm.memoryModeProperty().set("int8");
        vm.precisionProperty().set("bf16");
        assertFalse(vm.save());
        assertEquals(List.of("memory mode int8 cannot run with precision bf16"), vm.problems());
        assertEquals("resident", engine.engineChoice().memoryMode(), "the engine keeps its settings");
        assertEquals(0, port.saves);

        vm.precisionProperty().set("f32");
        assertTrue(vm.save());
        assertEquals("int8", engine.engineChoice().memoryMode(), "applied to the next generations");
        assertEquals("int8", port.store.load().preferences().memoryMode());
        assertTrue(feedback.statusProperty().get().startsWith("Running on"), feedback.statusProperty().get());
    }

    @Test
    void theLanguageIsHandedToTheWindowOnlyWhenItChanged() {
        PreferencesViewModel vm = open(new FakePreferences(dir));
        assertTrue(vm.save());
        assertEquals(Optional.empty(), vm.languageToApply());
        vm.languageProperty().set("zh-CN");
        assertTrue(vm.save());
        assertEquals(Optional.of(Locale.SIMPLIFIED_CHINESE), vm.languageToApply());
        assertEquals(Optional.empty(), vm.languageToApply(), "handed over once");
    }

    @Test
    void aPolicyThatRequiresTheFilterShowsItLockedWithItsFile() {
        FakePreferences port = new FakePreferences(dir);
        port.policy = new ContentPolicy(true, true, List.of(Path.of("/srv/studio/terms.txt")),
                List.of(Path.of("/etc/seedframe/policy.properties")), List.of());
        PreferencesViewModel vm = open(port);
        assertTrue(vm.lockedProperty().get());
        assertEquals("The content filter is required by this studio's policy (/etc/seedframe/policy.properties): it"
                + " stays on. The policy also adds the default lists. The policy adds the lists /srv/studio/terms.txt.",
                vm.policyTextProperty().get());
        assertFalse(vm.contentFilterProperty().get(), "the person's own choice is kept as saved");
        assertTrue(vm.defaultTerms("en").lines().count() > 3);
    }
}
