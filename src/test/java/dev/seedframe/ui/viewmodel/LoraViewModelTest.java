package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.Failure;
import dev.seedframe.service.StudioLoras;
import dev.seedframe.ui.I18n;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The LoRA panel without a window: the requests' LoRAs, the Lightning preset, refusals, folders, restore. */
@Tag("unit")
class LoraViewModelTest {

    private static final Path STYLE = Path.of("/home/me/loras/style-a.safetensors").toAbsolutePath();
    private static final Path LIGHTNING = Path.of("/home/me/loras/Lightning-4steps.safetensors").toAbsolutePath();

    private final FakeLoras port = new FakeLoras();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final GenerationFormViewModel form = new GenerationFormViewModel(new FakeStudio(), feedback,
            new SimpleObjectProperty<RgbImage>());
    private final LoraViewModel loras = new LoraViewModel(port, feedback, UiExecutors.direct(), form);

    LoraViewModelTest() {
        form.setModel(FakeStudio.MODEL);
        form.promptProperty().set("a lighthouse");
    }

    /** The one request the form describes now. */
    private GenerationRequest request() throws Exception {
        return form.requests(null, null).get(0);
    }

    @Test
    void theRequestsCarryEachLoraWithItsWeightAndTheMethodChosen() throws Exception {
        loras.add(STYLE);
        assertEquals(List.of(LoraSpec.runtime(STYLE.toString(), LoraViewModel.DEFAULT_WEIGHT)), request().loras());
        loras.rows().get(0).setWeight(-0.8);
        loras.rows().get(0).setWeight(-0.8013);
        loras.methodProperty().set(LoraMethod.MERGED);
        assertEquals(List.of(new LoraSpec(STYLE.toString(), -0.8, LoraMethod.MERGED)), request().loras());
        assertEquals("diffusers/PEFT, rank 4", loras.detected(loras.rows().get(0)));
        loras.rows().get(0).setWeight(-7);
        assertEquals(LoraViewModel.MIN_WEIGHT, request().loras().get(0).weight(), "kept within the panel's range");

        loras.add(STYLE);
        assertEquals("style-a.safetensors is added already.", loras.messageProperty().get());
        assertEquals(1, loras.rows().size());

        loras.remove(loras.rows().get(0));
        assertEquals(List.of(), request().loras());
        assertEquals("", loras.messageProperty().get());
    }

    @Test
    void aLightningLoraAppliesItsPresetWhichThePersonCanStillChange() throws Exception {
        form.stepsProperty().set(30);
        form.cfgProperty().set(4);
        loras.add(LIGHTNING);
        GenerationRequest r = request();
        assertEquals(FakeLoras.PRESET_STEPS, r.steps());
        assertEquals(1.0, r.cfg());
        assertEquals(FakeLoras.PRESET_SCHEDULER, r.scheduler());
        assertEquals("Lightning, 4 steps applied: 4 steps, CFG 1 and its scheduler. Change them as you like.",
                loras.noteProperty().get());

        form.stepsProperty().set(6);
        assertEquals(6, request().steps(), "the preset's values are only a start");
        loras.useModelScheduler();
        assertNull(request().scheduler());
        assertEquals("", loras.noteProperty().get());
        assertEquals(6, request().steps(), "steps the person changed after the preset stay");
        assertEquals(4.0, request().cfg(), "the CFG the preset replaced comes back");
    }

    @Test
    void aLanguageSwitchWordsTheNoteAndTheMessageAgain() {
        loras.add(LIGHTNING);
        loras.add(LIGHTNING);
        assertEquals("Lightning-4steps.safetensors is added already.", loras.messageProperty().get());
        feedback.i18nProperty().set(new I18n(Locale.SIMPLIFIED_CHINESE));
        loras.relabel();
        I18n zh = feedback.i18nProperty().get();
        assertEquals(zh.f("lora.presetApplied", "Lightning, 4 steps", 4, "1"), loras.noteProperty().get());
        assertEquals(zh.f("lora.already", LIGHTNING.getFileName()), loras.messageProperty().get());
        assertTrue(loras.noteProperty().get().startsWith("已应用"), loras.noteProperty().get());
    }

    @Test
    void removingTheLightningLoraGivesBackTheStepsAndCfgItsPresetReplaced() throws Exception {
        form.stepsProperty().set(30);
        form.cfgProperty().set(4);
        loras.add(STYLE);
        loras.add(LIGHTNING);
        assertEquals(FakeLoras.PRESET_STEPS, request().steps());
        loras.remove(loras.rows().get(1));
        GenerationRequest r = request();
        assertNull(r.scheduler(), "the scheduler it brought goes with it");
        assertEquals(30, r.steps(), "the steps before the preset come back");
        assertEquals(4.0, r.cfg(), "the CFG before the preset comes back");
        assertEquals("", loras.noteProperty().get());

        loras.add(LIGHTNING);
        form.cfgProperty().set(2.5);
        loras.remove(loras.rows().get(1));
        assertEquals(30, request().steps());
        assertEquals(2.5, request().cfg(), "a CFG the person set after the preset stays");

        loras.add(LIGHTNING);
        loras.useModelScheduler();
        assertEquals(30, request().steps(), "the model's scheduler brings back the steps too");
        assertEquals(2.5, request().cfg());
        form.stepsProperty().set(4);
        loras.remove(loras.rows().get(1));
        assertEquals(4, request().steps(), "nothing is given back twice");
    }

    @Test
    void aRestoredWeightIsKeptExactlyAndOnlyWhatThePersonSetsIsRounded() throws Exception {
        LoraSpec strong = LoraSpec.runtime(STYLE.toString(), 2.5);
        LoraSpec fine = LoraSpec.runtime(LIGHTNING.toString(), 0.125);
        form.restore(GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt("p").seed(1).steps(2)
                .size(64, 64).loras(List.of(strong, fine)).build(), false, null);
        assertEquals(List.of(2.5, 0.125), loras.rows().stream().map(r -> r.weightProperty().get()).toList(),
                "the rows keep the recorded weights");
        assertEquals(List.of(strong, fine), request().loras(), "the next run uses the recorded weights");

        loras.rows().get(0).setWeight(2.5);
        loras.rows().get(1).setWeight(0.125);
        assertEquals(List.of(LoraSpec.runtime(STYLE.toString(), LoraViewModel.MAX_WEIGHT),
                LoraSpec.runtime(LIGHTNING.toString(), 0.13)), request().loras(),
                "what the person types is kept within the panel's range, to hundredths");
    }

    @Test
    void aFileThatIsNoLoraIsRefusedWithTheServicesMessageAndAddsNothing() throws Exception {
        loras.add(Path.of("/tmp/bad.safetensors"));
        assertEquals("bad.safetensors " + FakeLoras.REFUSAL,
                loras.messageProperty().get());
        assertTrue(loras.rows().isEmpty());
        assertEquals(List.of(), request().loras());
    }

    @Test
    void theFoldersAreListedWithTheirFilesAndAnAddedFolderIsListedToo() {
        port.files.add(STYLE);
        loras.refresh();
        assertEquals(List.of(Path.of("/home/me/loras")), loras.folders());
        assertEquals(List.of(STYLE), loras.files());
        loras.addFolder(Path.of("/data/more-loras"));
        assertEquals(List.of(Path.of("/home/me/loras"), Path.of("/data/more-loras")), loras.folders());
        assertEquals(List.of(STYLE, Path.of("/data/more-loras/from-added-folder.safetensors")), loras.files());
    }

    @Test
    void restoringANodeBringsItsLorasBackWhereTheyAreNowAndKeepsAMissingOneUntilItIsRemoved() throws Exception {
        LoraSpec moved = new LoraSpec("/old/style-a.safetensors", 0.5, LoraMethod.MERGED);
        LoraSpec gone = new LoraSpec("/old/gone.safetensors", 1.5, LoraMethod.MERGED);
        String why = "The LoRA gone.safetensors of generation #7 is missing: /old/gone.safetensors does not exist";
        port.located.put(7L, List.of(
                StudioLoras.Located.found(new LoraSpec(STYLE.toString(), 0.5, LoraMethod.MERGED),
                        port.inspectLora(STYLE)),
                StudioLoras.Located.missing(gone, why)));
        form.restore(GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt("p").seed(1).steps(2)
                .size(64, 64).loras(List.of(moved, gone)).build(), false, 7L);
        assertEquals(LoraMethod.MERGED, loras.methodProperty().get());
        assertEquals(List.of("style-a.safetensors", "gone.safetensors"),
                loras.rows().stream().map(LoraRow::fileName).toList(), "the missing LoRA stays in the panel");
        assertEquals(0.5, loras.rows().get(0).weightProperty().get());
        LoraRow missing = loras.rows().get(1);
        assertTrue(missing.isMissing());
        assertEquals(1.5, missing.weightProperty().get());
        assertEquals(why, loras.detected(missing), "the row says why, in the service's words");
        assertEquals("Not found at its path nor by its SHA-256 in the LoRA folders: gone.safetensors",
                loras.messageProperty().get());
        Failure refused = assertThrows(Failure.class, this::request, "no run quietly without the missing LoRA");
        assertEquals("A LoRA of this node is missing: gone.safetensors. Remove it in the LoRA panel, or put its file"
                + " back and add it again.", refused.getMessage());

        loras.remove(missing);
        assertEquals(List.of(new LoraSpec(STYLE.toString(), 0.5, LoraMethod.MERGED)), request().loras(),
                "once removed, the others run");
    }

    @Test
    void aMissingLoraAddedAgainIsFoundInItsRowWithItsWeight() throws Exception {
        LoraSpec gone = new LoraSpec(STYLE.toString(), 1.5, LoraMethod.RUNTIME);
        port.located.put(8L, List.of(StudioLoras.Located.missing(gone, "style-a.safetensors is missing")));
        form.restore(GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt("p").seed(1).steps(2)
                .size(64, 64).loras(List.of(gone)).build(), false, 8L);
        assertThrows(Failure.class, this::request);
        loras.add(STYLE);
        assertEquals(1, loras.rows().size());
        assertTrue(!loras.rows().get(0).isMissing());
        assertEquals(List.of(gone), request().loras(), "found: its weight kept, the run allowed");
    }
}
