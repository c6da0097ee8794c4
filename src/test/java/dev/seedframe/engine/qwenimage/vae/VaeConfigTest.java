package dev.seedframe.engine.qwenimage.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.engine.weights.WeightsException;
import dev.seedframe.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaeConfigTest {

    @TempDir
    Path tmp;

    private static Path tinyConfig() {
        return Golden.tinyModel().resolve("vae").resolve("config.json");
    }

    /** The tiny config.json with one edit applied, written to a temp file. */
    private Path edited(Consumer<JsonObject> edit) throws Exception {
        JsonObject json = JsonParser.parseString(Files.readString(tinyConfig())).getAsJsonObject();
        edit.accept(json);
        Path p = tmp.resolve("config.json");
        Files.writeString(p, json.toString());
        return p;
    }

    private static JsonArray numbers(double... values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    @Test
    void tinyConfigJsonEqualsTheTinyPreset() throws Exception {
        assertEquals(VaeConfig.tiny(), VaeConfig.fromJson(tinyConfig()));
    }

    @Test
    void aVaeFolderIsAcceptedInPlaceOfItsConfigFile() throws Exception {
        assertEquals(VaeConfig.tiny(), VaeConfig.fromJson(Golden.tinyModel().resolve("vae")));
    }

    @Test
    void scaleFactorIsTwoToTheNumberOfDownsamplings() {
        assertEquals(4, VaeConfig.tiny().scaleFactor());
        assertEquals(8, VaeConfig.qwenImage().scaleFactor());
    }

    @Test
    void stageWidthsOfTheReleasedVaeMatchTheSpec() {
        // docs/QWEN-IMAGE-SPEC.md D.2 / D.3
        assertArrayEquals(new int[] {96, 96, 192, 384, 384}, VaeConfig.qwenImage().encoderDims());
        assertArrayEquals(new int[] {384, 384, 384, 192, 96}, VaeConfig.qwenImage().decoderDims());
        assertArrayEquals(new int[] {12, 12, 24, 48}, VaeConfig.tiny().encoderDims());
        assertArrayEquals(new int[] {48, 48, 24, 12}, VaeConfig.tiny().decoderDims());
    }

    @Test
    void latentStatisticsOfTheWrongLengthAreRefusedByName() throws Exception {
        Path p = edited(j -> j.add("latents_std", numbers(1, 2, 3)));
        WeightsException e = assertThrows(WeightsException.class, () -> VaeConfig.fromJson(p));
        assertTrue(e.getMessage().contains("\"latents_std\" must have z_dim = 4 values, found 3"), e.getMessage());
    }

    @Test
    void aNonPositiveLatentStdIsRefused() throws Exception {
        Path p = edited(j -> j.add("latents_std", numbers(1, 0, 1, 1)));
        WeightsException e = assertThrows(WeightsException.class, () -> VaeConfig.fromJson(p));
        assertTrue(e.getMessage().contains("\"latents_std\" is 0") && e.getMessage().contains("must be above 0"), e.getMessage());
    }

    @Test
    void temporalDownsampleNeedsOneEntryPerStageTransition() throws Exception {
        Path p = edited(j -> {
            JsonArray a = new JsonArray();
            a.add(false);
            a.add(true);
            a.add(true);
            j.add("temperal_downsample", a);
        });
        WeightsException e = assertThrows(WeightsException.class, () -> VaeConfig.fromJson(p));
        assertTrue(e.getMessage().contains("\"temperal_downsample\" must have one entry per stage transition"),
                e.getMessage());
    }

    @Test
    void aConfigOfAnotherAutoencoderClassIsRefused() throws Exception {
        Path p = edited(j -> j.addProperty("_class_name", "AutoencoderKLWan"));
        WeightsException e = assertThrows(WeightsException.class, () -> VaeConfig.fromJson(p));
        assertTrue(e.getMessage().contains("describes a AutoencoderKLWan"), e.getMessage());
    }

    @Test
    void aMissingRequiredKeyIsNamed() throws Exception {
        Path p = edited(j -> j.remove("z_dim"));
        WeightsException e = assertThrows(WeightsException.class, () -> VaeConfig.fromJson(p));
        assertTrue(e.getMessage().contains("has no \"z_dim\""), e.getMessage());
    }

    @Test
    void aNegativeBaseDimIsRefused() throws Exception {
        Path p = edited(j -> j.addProperty("base_dim", -12));
        WeightsException e = assertThrows(WeightsException.class, () -> VaeConfig.fromJson(p));
        assertTrue(e.getMessage().contains("\"base_dim\" is -12; it must be at least 1"), e.getMessage());
    }

    @Test
    void aMissingConfigFileIsReportedAsMissing() {
        WeightsException e = assertThrows(WeightsException.class, () -> VaeConfig.fromJson(tmp.resolve("config.json")));
        assertTrue(e.getMessage().contains("vae/config.json is missing"), e.getMessage());
    }

    @Test
    void theRecordIsImmutable() {
        VaeConfig c = VaeConfig.tiny();
        c.dimMult()[0] = 99;
        c.latentsStd()[0] = -1;
        assertEquals(VaeConfig.tiny(), c);
    }
}
