package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter as preferences and a studio's policy files set it (no model runs here). */
@Tag("unit")
class PromptScreenTest {

    @TempDir
    Path dir;

    private Path user() throws Exception {
        return Files.createDirectories(dir.resolve("user"));
    }

    private Path systemPolicy() {
        return dir.resolve("etc/seedframe/policy.properties");
    }

    private PromptScreen screen() throws Exception {
        return new PromptScreen(new PreferencesStore(user()), List.of(systemPolicy(),
                user().resolve(ContentPolicy.FILE)));
    }

    private static GenerationRequest prompt(String p) {
        return GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt(p).seed(1).steps(2).size(64, 64).build();
    }

    private void prefs(boolean on, boolean defaults, List<String> en, List<String> zh) throws Exception {
        new PreferencesStore(user()).save(Preferences.defaults().withContentFilter(on, defaults, en, zh));
    }

    @Test
    void offByDefaultEvenWithTermsListed() throws Exception {
        assertDoesNotThrow(() -> screen().check(prompt("a nude figure")));
        prefs(false, true, List.of("circle"), List.of("圆"));
        assertDoesNotThrow(() -> screen().check(prompt("a red circle, 红色的圆")));
        assertFalse(screen().filter().enabled());
    }

    @Test
    void switchedOnItRefusesListedEnglishAndChineseTermsAndLetsTheRestThrough() throws Exception {
        prefs(true, false, List.of("circle"), List.of("圆形"));
        PromptRefusedException en = assertThrows(PromptRefusedException.class,
                () -> screen().check(prompt("A red CIRCLE")));
        assertTrue(en.getMessage().startsWith("The prompt was refused by the content filter: it contains \"circle\""
                + " (your English list). Nothing was generated; change the prompt."), en.getMessage());
        PromptRefusedException zh = assertThrows(PromptRefusedException.class,
                () -> screen().check(prompt("一个红色的圆形")));
        assertTrue(zh.getMessage().contains("\"圆形\" (your Chinese list)"), zh.getMessage());
        assertDoesNotThrow(() -> screen().check(prompt("a red square, 一个红色的方块")));
        // the default lists only when opted into
        assertDoesNotThrow(() -> screen().check(prompt("a nude figure")));
        prefs(true, true, List.of(), List.of());
        assertThrows(PromptRefusedException.class, () -> screen().check(prompt("a nude figure")));
        assertThrows(PromptRefusedException.class, () -> screen().check(prompt("色情图片")));
    }

    @Test
    void aStudiosPolicyLocksTheFilterOnWithItsOwnLists() throws Exception {
        Files.createDirectories(systemPolicy().getParent());
        Files.writeString(systemPolicy().resolveSibling("studio-terms.txt"), "# the studio's terms\nlogo of acme\n");
        Files.writeString(systemPolicy(), "contentFilter=required\ncontentFilter.defaultLists=true\n"
                + "contentFilter.lists=studio-terms.txt\n");
        prefs(false, false, List.of(), List.of()); // the person turned it off: the policy holds anyway
        PromptRefusedException e = assertThrows(PromptRefusedException.class,
                () -> screen().check(prompt("the Logo of  ACME on a mug")));
        assertTrue(e.getMessage().contains("(the studio's list studio-terms.txt)"), e.getMessage());
        assertTrue(e.getMessage().contains("required by this studio's policy (" + systemPolicy() + ")"), e.getMessage());
        assertThrows(PromptRefusedException.class, () -> screen().check(prompt("nsfw")));
        assertDoesNotThrow(() -> screen().check(prompt("a mug on a table")));
    }

    @Test
    void aPolicyThatCannotBeUnderstoodRefusesRatherThanFailingOpen() throws Exception {
        Files.writeString(user().resolve(ContentPolicy.FILE), "contentFilter=maybe\n");
        PromptRefusedException e = assertThrows(PromptRefusedException.class,
                () -> screen().check(prompt("a mug on a table")));
        assertTrue(e.getMessage().contains("contentFilter=maybe; the only value is \"required\""), e.getMessage());
        Files.writeString(user().resolve(ContentPolicy.FILE), "contentFilter=required\ncontentFilter.lists=missing.txt\n");
        PromptRefusedException missing = assertThrows(PromptRefusedException.class,
                () -> screen().check(prompt("a mug on a table")));
        assertTrue(missing.getMessage().contains("cannot read the term list"), missing.getMessage());
    }
}
