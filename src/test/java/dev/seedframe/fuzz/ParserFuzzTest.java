package dev.seedframe.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seedframe.engine.qwenimage.textencoder.QwenVlImageProcessor;
import dev.seedframe.engine.qwenimage.scheduler.SchedulerConfig;
import dev.seedframe.engine.qwenimage.textencoder.TextEncoderConfig;
import dev.seedframe.engine.qwenimage.transformer.TransformerConfig;
import dev.seedframe.engine.qwenimage.vae.VaeConfig;
import dev.seedframe.domain.codec.InvalidJsonException;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.WeightsException;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.hub.HubException;
import dev.seedframe.hub.HubParsers;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.imaging.ImageImport;
import dev.seedframe.service.ParametersText;
import dev.seedframe.service.PreferencesStore;
import dev.seedframe.service.SeedframePng;
import dev.seedframe.store.ProjectStore;
import dev.seedframe.store.StoreException;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import dev.seedframe.domain.GenerationSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of every parser a user's file reaches (Jazzer). Under {@code mvn test} each target
 * runs once per input of its corpus, kept in the repository under {@code
 * src/test/resources/dev/seedframe/fuzz/ParserFuzzTestInputs/<target>/} (real files: the bundled configs, a
 * shard index, an exported PNG, a project file...); {@link FuzzCampaignTest} fuzzes each for a bounded time in
 * a JVM of its own. Every target holds its parser to {@link FuzzContract}.
 *
 * <p>A new parser (LoRA files, a new metadata format) is a new method here: a {@code @FuzzTest}
 * taking {@code byte[]}, calling the parser through {@link FuzzContract#expect} with the exceptions it may
 * throw, and a folder of seed files named after the method; {@link FuzzCampaignTest} finds it by itself.
 */
@Tag("reliability")
class ParserFuzzTest {

    /** The upper bound of one target's run when fuzzing; the campaign bounds it further. */
    static final String MAX = "10m";

    private static final Path WORK;

    static {
        try {
            WORK = Files.createTempDirectory("seedframe-fuzz");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path file(String name, byte[] data) throws IOException {
        Path p = WORK.resolve(name);
        Files.write(p, data);
        return p;
    }

    @FuzzTest(maxDuration = MAX)
    void safetensorsHeader(byte[] data) throws Exception {
        Path p = file("model.safetensors", data);
        FuzzContract.expect(() -> {
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                f.tensors().values().forEach(t -> t.numel());
            }
        }, WeightsException.class);
    }

    @FuzzTest(maxDuration = MAX)
    void shardIndex(byte[] data) throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("sharded"));
        Files.write(dir.resolve("diffusion_pytorch_model.safetensors.index.json"), data);
        FuzzContract.expect(() -> Checkpoint.open(dir, "transformer", "diffusion_pytorch_model").close(),
                WeightsException.class);
    }

    /** Every config.json reader on the same bytes: transformer, VAE, text encoder, scheduler, processor. */
    @FuzzTest(maxDuration = MAX)
    void configJson(byte[] data) throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("text_encoder"));
        Path p = dir.resolve("config.json");
        Files.write(p, data);
        FuzzContract.expect(() -> TransformerConfig.fromJson(p), WeightsException.class);
        FuzzContract.expect(() -> VaeConfig.fromJson(p), WeightsException.class);
        FuzzContract.expect(() -> TextEncoderConfig.read(dir), WeightsException.class);
        FuzzContract.expect(() -> SchedulerConfig.fromJson(p), WeightsException.class);
        Path proc = Files.createDirectories(WORK.resolve("processor"));
        Files.write(proc.resolve("preprocessor_config.json"), data);
        FuzzContract.expect(() -> QwenVlImageProcessor.load(proc), WeightsException.class);
    }

    @FuzzTest(maxDuration = MAX)
    void pngTextChunks(byte[] data) throws Exception {
        FuzzContract.expect(() -> ImageFiles.decode(data, "fuzz.png").text(), ImageFormatException.class);
    }

    /** The A1111 {@code parameters} text other tools write: never fails, whatever the text. */
    @FuzzTest(maxDuration = MAX)
    void a1111Parameters(byte[] data) throws Exception {
        FuzzContract.expect(() -> ParametersText.parse(new String(data, StandardCharsets.UTF_8)));
    }

    /** A whole PNG as import-png reads it: pixels, text chunks, Seedframe's JSON or the parameters text. */
    @FuzzTest(maxDuration = MAX)
    void seedframePng(byte[] data) throws Exception {
        FuzzContract.expect(() -> SeedframePng.decode(data, "fuzz.png", null), ImageFormatException.class,
                StoreException.class);
    }

    /** The request, model identity and environment JSON a project file or a PNG holds. */
    @FuzzTest(maxDuration = MAX)
    void requestJson(byte[] data) throws Exception {
        String json = new String(data, StandardCharsets.UTF_8);
        FuzzContract.expect(() -> RequestJson.parse(json).resolve(new RequestJson.ImageResolver<StoreException>() {
            @Override
            public dev.seedframe.domain.RgbImage image(String sha256) throws StoreException {
                throw new StoreException("no image " + sha256 + " here");
            }

            @Override
            public dev.seedframe.domain.Mask mask(String sha256) throws StoreException {
                throw new StoreException("no mask " + sha256 + " here");
            }
        }), InvalidJsonException.class, StoreException.class);
        FuzzContract.expect(() -> RequestJson.readModel(json), InvalidJsonException.class);
        FuzzContract.expect(() -> RequestJson.readEnvironment(json), InvalidJsonException.class);
    }

    /** A generation's notes as a project holds them: codes with arguments, or the English texts of schema 3. */
    @FuzzTest(maxDuration = MAX)
    void notesJson(byte[] data) throws Exception {
        String json = new String(data, StandardCharsets.UTF_8);
        FuzzContract.expect(() -> RequestJson.readNotes(json).forEach(n -> n.english()), InvalidJsonException.class);
    }

    /** A picture file as import reads it: its format, header, pixels, EXIF orientation and ICC profile. */
    @FuzzTest(maxDuration = MAX)
    void imageImport(byte[] data) throws Exception {
        FuzzContract.expect(() -> ImageImport.decode(data, "fuzz.img"), ImageFormatException.class);
    }

    /** The Hub's model-info JSON, as a download or the model list receives it. */
    @FuzzTest(maxDuration = MAX)
    void repoInfo(byte[] data) throws Exception {
        String json = new String(data, StandardCharsets.UTF_8);
        FuzzContract.expect(() -> HubParsers.repoInfo("someone/model", json), HubException.class);
    }

    /** The preferences file a person may edit by hand: read whatever it holds (it never fails). */
    @FuzzTest(maxDuration = MAX)
    void preferencesFile(byte[] data) throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("preferences"));
        Files.write(dir.resolve(PreferencesStore.FILE), data);
        Files.write(dir.resolve(PreferencesStore.TERMS_EN), data);
        FuzzContract.expect(() -> new PreferencesStore(dir).load());
    }

    /** A project file as history, export and verify read it (opened for reading: never written when damaged). */
    @FuzzTest(maxDuration = MAX)
    void projectFile(byte[] data) throws Exception {
        Path p = file("fuzz.seedframe", data);
        Files.deleteIfExists(WORK.resolve("fuzz.seedframe-journal"));
        StoreOptions options = StoreOptions.defaults().withBusyTimeout(Duration.ofMillis(100));
        FuzzContract.expect(() -> {
            try (ProjectStore s = SqliteProjectStore.factory(options).openForReading(p)) {
                s.verify();
                for (GenerationSummary g : s.history()) {
                    FuzzContract.expect(() -> s.load(g.id()), StoreException.class);
                }
                s.auditTrail();
            }
        }, StoreException.class);
    }
}
