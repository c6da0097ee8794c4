package dev.seedframe.engine.qwenimage.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.weights.WeightsException;
import dev.seedframe.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineFolderTest {

    @TempDir
    Path tmp;

    @Test
    void theEmbeddedTinyModelIsAQwenImagePipeline() throws Exception {
        PipelineFolder f = PipelineFolder.open(Golden.tinyModel());
        assertEquals("QwenImagePipeline", f.pipelineClass());
        assertTrue(f.family().kinds().contains(PipelineKind.TEXT_TO_IMAGE));
    }

    @Test
    void aFolderMayDeclareItsDefaultSampleSizeAndIsThenNotTheRandomTinyModel() throws Exception {
        ModelConfigs tiny = ModelConfigs.read(Golden.tinyModel());
        assertTrue(tiny.folder().defaultSampleSize().isEmpty());
        assertTrue(tiny.capabilities().tiny());
        int scale = tiny.vae().scaleFactor();
        assertEquals(ModelConfigs.DEFAULT_SAMPLE_SIZE * scale, tiny.capabilities().defaultSize());

        Path copy = tmp.resolve("declared");
        for (String c : new String[] {"transformer", "vae", "text_encoder", "tokenizer", "scheduler"}) {
            Files.createDirectories(copy.resolve(c));
            try (var files = Files.list(Golden.tinyModel().resolve(c))) {
                for (Path f : files.toList()) {
                    Files.createSymbolicLink(copy.resolve(c).resolve(f.getFileName()), f.toAbsolutePath());
                }
            }
        }
        String index = Files.readString(Golden.tinyModel().resolve("model_index.json"));
        Files.writeString(copy.resolve("model_index.json"),
                index.replaceFirst("\\{", "{\"" + PipelineFolder.DEFAULT_SAMPLE_SIZE_KEY + "\": 16, "));
        ModelConfigs declared = ModelConfigs.read(copy);
        assertEquals(16, declared.folder().defaultSampleSize().getAsInt());
        assertEquals(16 * scale, declared.capabilities().defaultSize());
        assertTrue(!declared.capabilities().tiny());
    }

    @Test
    void aMissingFolderIsNamed() {
        WeightsException e = assertThrows(WeightsException.class, () -> PipelineFolder.open(tmp.resolve("nowhere")));
        assertTrue(e.getMessage().contains("Model folder not found"), e.getMessage());
    }

    @Test
    void aComponentFolderGetsAHintToUseItsParent() {
        WeightsException e = assertThrows(WeightsException.class,
                () -> PipelineFolder.open(Golden.tinyModel().resolve("transformer")));
        assertTrue(e.getMessage().contains("no model_index.json"), e.getMessage());
        assertTrue(e.getMessage().contains("use the folder above it"), e.getMessage());
    }

    @Test
    void anotherPipelineClassIsRefusedByName() throws Exception {
        Files.writeString(tmp.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionXLPipeline\"}");
        WeightsException e = assertThrows(WeightsException.class, () -> PipelineFolder.open(tmp));
        assertTrue(e.getMessage().contains("StableDiffusionXLPipeline"), e.getMessage());
    }

    @Test
    void everyMissingComponentIsListedAtOnce() throws Exception {
        Files.copy(Golden.tinyModel().resolve("model_index.json"), tmp.resolve("model_index.json"));
        Files.createDirectories(tmp.resolve("vae"));
        WeightsException e = assertThrows(WeightsException.class, () -> PipelineFolder.open(tmp));
        for (String s : new String[] {"transformer/ folder is missing", "vae/config.json is missing",
                "text_encoder/ folder is missing", "tokenizer/ folder is missing", "scheduler/ folder is missing"}) {
            assertTrue(e.getMessage().contains(s), s + " in: " + e.getMessage());
        }
    }

    @Test
    void aDamagedModelIndexIsReportedAsDamaged() throws Exception {
        Files.writeString(tmp.resolve("model_index.json"), "{\"_class_name\": ");
        WeightsException e = assertThrows(WeightsException.class, () -> PipelineFolder.open(tmp));
        assertTrue(e.getMessage().contains("model_index.json is damaged"), e.getMessage());
    }
}
