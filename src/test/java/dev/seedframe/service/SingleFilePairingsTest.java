package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.MemoryFit;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.ModelVariant;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.SingleFileDescription.Component;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a transformer file is combined with: pipeline folders of its own member (or text to image with text to image),
 * those that fit first, and the text encoder and VAE of its own ComfyUI folder.
 */
@Tag("unit")
class SingleFilePairingsTest {

    @Test
    void aTransformerFileRunsInAFolderOfItsFamily() {
        assertTrue(SingleFilePairings.sameFamily(ModelVariant.QWEN_IMAGE, ModelVariant.QWEN_IMAGE));
        assertTrue(SingleFilePairings.sameFamily(ModelVariant.QWEN_IMAGE_2512, ModelVariant.QWEN_IMAGE),
                "2512 has Qwen-Image's pipeline and configs");
        assertTrue(SingleFilePairings.sameFamily(ModelVariant.EDIT_2509, ModelVariant.EDIT_2509));
        assertFalse(SingleFilePairings.sameFamily(ModelVariant.EDIT_2509, ModelVariant.EDIT),
                "another edit pipeline class");
        assertFalse(SingleFilePairings.sameFamily(ModelVariant.QWEN_IMAGE, ModelVariant.EDIT_2509));
        assertFalse(SingleFilePairings.sameFamily(ModelVariant.EDIT_2511, ModelVariant.EDIT_2509),
                "Edit-2511's zero_cond_t");
        assertTrue(SingleFilePairings.sameFamily(null, ModelVariant.QWEN_IMAGE_2512),
                "a file whose name says no member is Qwen-Image's own");
        assertFalse(SingleFilePairings.sameFamily(null, ModelVariant.EDIT));
    }

    private static FoundModel folder(String name, ModelVariant variant, boolean fits) {
        MemoryFit fit = new MemoryFit(false, 1L << 30, Map.of(MemoryMode.RESIDENT, 1L << 29),
                fits ? MemoryMode.RESIDENT : null, Precision.F32);
        return new FoundModel(FoundModel.Origin.FOLDER, Path.of("/models", name), name, null, variant, null, "bf16",
                1, List.of(), fit, null, null, null);
    }

    private static FoundModel file(String name, Component part, Path comfyUi) {
        return file(name, null, part, comfyUi);
    }

    private static FoundModel file(String name, ModelVariant variant, Component part, Path comfyUi) {
        return new FoundModel(FoundModel.Origin.COMFYUI, comfyUi.resolve(name), name, null, variant, part, "bf16", 1,
                List.of(), null, null, null, comfyUi);
    }

    @Test
    void onlyATextToImageFileTakesTheComfyUiTextEncoderAndVaeAnEditFileNeedsAFolderOfItsOwnKind() {
        Path comfy = Path.of("/comfy/models");
        List<FoundModel> parts = List.of(file("qwen_2.5_vl_7b.safetensors", Component.TEXT_ENCODER, comfy),
                file("qwen_image_vae.safetensors", Component.VAE, comfy));
        for (ModelVariant v : List.of(ModelVariant.EDIT, ModelVariant.EDIT_2509, ModelVariant.EDIT_2511)) {
            FoundModel t = file("qwen_image_edit_fp8.safetensors", v, Component.TRANSFORMER, comfy);
            List<FoundModel> found = new java.util.ArrayList<>(parts);
            found.add(t);
            ListedModel.Pairing p = SingleFilePairings.of(t, found);
            assertEquals(new ListedModel.Pairing(List.of(), comfy, null, null, true), p,
                    v + ": the bundled configs are Qwen-Image's, they would run it text to image");
            assertFalse(p.possible());
            found.add(folder("own", v, true));
            assertEquals(List.of(Path.of("/models/own")), SingleFilePairings.of(t, found).folders());
            assertTrue(SingleFilePairings.of(t, found).possible(), v + ": its own kind of folder completes it");
        }
        for (ModelVariant v : java.util.Arrays.asList(null, ModelVariant.QWEN_IMAGE, ModelVariant.QWEN_IMAGE_2512)) {
            FoundModel t = file("qwen_image_fp8.safetensors", v, Component.TRANSFORMER, comfy);
            ListedModel.Pairing p = SingleFilePairings.of(t, parts);
            assertTrue(p.companions() && !p.ownFolderOnly(), v + ": text to image, as the bundled configs");
        }
    }

    @Test
    void theFoldersThatFitComeFirstAndOnlyTheTextEncoderAndVaeOfItsOwnComfyUiFolder() {
        Path comfy = Path.of("/comfy/models");
        FoundModel t = file("qwen_image_fp8_e4m3fn.safetensors", Component.TRANSFORMER, comfy);
        List<FoundModel> found = List.of(folder("big", ModelVariant.QWEN_IMAGE, false),
                folder("edit", ModelVariant.EDIT, true), folder("small", ModelVariant.QWEN_IMAGE_2512, true), t,
                file("qwen_2.5_vl_7b.safetensors", Component.TEXT_ENCODER, Path.of("/other/models")),
                file("qwen_image_vae.safetensors", Component.VAE, comfy));
        ListedModel.Pairing p = SingleFilePairings.of(t, found);
        assertEquals(List.of(Path.of("/models/small"), Path.of("/models/big")), p.folders());
        assertNull(p.textEncoder(), "another ComfyUI folder's text encoder is not taken");
        assertEquals(comfy.resolve("qwen_image_vae.safetensors"), p.vae());
        assertFalse(p.companions());
        assertTrue(p.possible());
        assertNull(SingleFilePairings.of(found.get(5), found), "a VAE file is a part, not combined on its own");
    }
}
