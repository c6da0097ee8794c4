package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.ModelVariant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which pipeline folders a transformer file runs in: its own member, or text to image with text to image. */
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
}
