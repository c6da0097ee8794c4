package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.imaging.Png;
import dev.seedframe.service.ContentPolicy;
import dev.seedframe.service.Preferences;
import dev.seedframe.service.PreferencesStore;
import dev.seedframe.service.PromptScreen;
import dev.seedframe.service.Studio;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The content filter in the studio, locked on by a studio's policy file: a listed prompt is refused with the
 * filter's message in the banner, nothing is generated, the refusal is in the project's audit trail; the next
 * prompt generates. A snapshot of the refusal is kept in {@code target/content-filter-refusal.png}.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioContentFilterUiTest {

    @TempDir
    static Path dir;

    StudioWindow window;
    StudioViewModel vm;
    Studio studio;

    @Start
    void start(Stage stage) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path policy = home.resolve(ContentPolicy.FILE);
        Files.writeString(policy, "contentFilter=required\n");
        new PreferencesStore(home).save(Preferences.defaults().withContentFilter(false, false,
                List.of("red circle"), List.of("红色的圆")));
        studio = StudioFixture.studio(home, new PromptScreen(new PreferencesStore(home), List.of(policy)));
        window = StudioWindow.open(stage, studio, Locale.ENGLISH);
        vm = window.viewModel();
    }

    @Test
    void aListedPromptIsRefusedInTheBannerAndAuditedAndTheNextOneGenerates(FxRobot robot) throws Exception {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        robot.interact(() -> {
            vm.form().promptProperty().set("一个红色的圆");
            vm.form().seedTextProperty().set("4");
            vm.run().generate(); // as the Generate button does (this window's, whatever other windows are open)
        });
        StudioFixture.awaitIdle(vm);
        String error = vm.feedback().errorProperty().get();
        assertTrue(error.contains("The prompt was refused by the content filter: it contains \"红色的圆\""
                + " (your Chinese list)"), error);
        assertTrue(error.contains("required by this studio's policy"), error);
        assertTrue(vm.history().history().isEmpty(), "nothing was generated");
        Path shot = Path.of(System.getProperty("seedframe.classes")).getParent().resolve("content-filter-refusal.png");
        byte[] png = WaitForAsyncUtils.asyncFx(() -> Png.encode(FxImages.fromFx(window.stage().getScene()
                .snapshot(null)), Map.of())).get();
        Files.write(shot, png);

        robot.interact(() -> {
            vm.form().promptProperty().set("a blue square");
            vm.run().generate();
        });
        StudioFixture.awaitIdle(vm);
        assertEquals("", vm.feedback().errorProperty().get());
        assertEquals(1, vm.history().history().size());

        Path project = studio.projectPath();
        try (var store = SqliteProjectStore.factory(StoreOptions.defaults()).openForReading(project)) {
            List<AuditEntry> refused = store.auditTrail().stream()
                    .filter(a -> a.action().equals(AuditEntry.REFUSED)).toList();
            assertEquals(1, refused.size(), store.auditTrail().toString());
            assertEquals("content filter: \"红色的圆\" (your Chinese list); prompt: 一个红色的圆", refused.get(0).detail());
        }
    }
}
