package dev.seedframe.engine.qwenimage.textencoder;

import static dev.seedframe.testing.ParityLog.assertCloseLogged;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.tokenizer.QwenTokenizer;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.testing.CaseArgs;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TestRuntime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Edit prompt encoding (template with the image placeholder, pads expanded, vision embeddings spliced
 * in, sequential positions, 64 template tokens dropped) from the input image to {@code prompt_embeds}.
 */
@Tag("parity")
class EditPromptEncoderParityTest {

    static final double ATOL = 1e-4;

    private static NDManager manager;
    private static QwenTokenizer tokenizer;
    private static EditPromptEncoder encoder;
    private static QwenVlVisionTower tower;
    private static QwenVlImageProcessor processor;

    @BeforeAll
    static void load() throws Exception {
        manager = DjlRuntime.newCpuManager();
        tokenizer = QwenTokenizer.load(Golden.tinyEditModel().resolve("tokenizer"));
        QwenVlTextEncoder te = QwenVlTextEncoder.load(Golden.tinyEditModel().resolve("text_encoder"), manager,
                TestRuntime.f32(), TestRuntime.get());
        encoder = new EditPromptEncoder(tokenizer, te);
        tower = QwenVlVisionTower.load(Golden.tinyEditModel().resolve("text_encoder"), manager,
                TestRuntime.f32(), TestRuntime.get());
        processor = QwenVlImageProcessor.load(Golden.tinyEditModel().resolve("processor"));
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    private static NDArray vision(RgbImage img, NDManager m) throws Exception {
        QwenVlImageProcessor.Processed p = processor.process(img);
        return tower.forward(p.pixelValues(), List.of(new QwenVlVisionTower.Grid(p.gridT(), p.gridH(), p.gridW())), m,
                false).mergedEmbeds();
    }

    @Test
    void smallImagePromptMatchesEndToEnd() throws Exception {
        RgbImage img = ImageFiles.read(Golden.component("vision_input.png")).image();
        try (SafetensorsFile ref = Golden.open(Golden.component("vision_text_encoder_reference.safetensors"));
                NDManager m = manager.newSubManager()) {
            NDArray v = vision(img, m);
            assertArrayEquals(TensorAssert.longs(ref, "input_ids"), encoder.ids("Turn it blue", new int[] {6}, false));
            PromptEmbeds pe = encoder.encode("Turn it blue", List.of(v), false, m);
            assertFalse(pe.mask().isPresent());
            assertCloseLogged(ref, "prompt_embeds", pe.embeds(), ATOL);
        }
    }

    @Test
    void editCasePromptAndNegativePromptMatch() throws Exception {
        RgbImage img = ImageFiles.read(Golden.caseDir("edit").resolve("input.png")).image();
        CaseArgs args = CaseArgs.of("edit");
        try (SafetensorsFile ref = Golden.caseReference("edit"); NDManager m = manager.newSubManager()) {
            NDArray v = vision(img, m);
            assertEquals(1369, v.getShape().get(0));
            assertArrayEquals(TensorAssert.longs(ref, "text.input_ids"), encoder.ids(args.prompt(), new int[] {1369}, false));
            assertArrayEquals(TensorAssert.longs(ref, "neg.text.input_ids"),
                    encoder.ids(args.negativePrompt(), new int[] {1369}, false));
            assertCloseLogged(ref, "prompt_embeds", encoder.encode(args.prompt(), List.of(v), false, m).embeds(), ATOL);
            assertCloseLogged(ref, "neg.prompt_embeds",
                    encoder.encode(args.negativePrompt(), List.of(v), false, m).embeds(), ATOL);
        }
    }

    @Test
    void plusTemplateNumbersEveryPicture() {
        String t = EditPromptEncoder.text("Swap them", new int[] {2, 1}, true);
        assertTrue(t.contains("<|im_start|>user\nPicture 1: <|vision_start|><|image_pad|><|image_pad|><|vision_end|>"
                + "Picture 2: <|vision_start|><|image_pad|><|vision_end|>Swap them<|im_end|>\n<|im_start|>assistant\n"), t);
        assertEquals(EditPromptEncoder.EDIT_TEMPLATE.replace("{}", "x"), EditPromptEncoder.text("x", new int[] {1}, false));
        assertEquals(EditPromptEncoder.PLUS_TEMPLATE.replace("{}",
                String.format(EditPromptEncoder.PLUS_IMAGE, 1) + "x"), EditPromptEncoder.text("x", new int[] {1}, true));
    }
}
