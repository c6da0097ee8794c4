package dev.seedframe.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.TrainingListener;
import dev.seedframe.engine.qwenimage.QwenImageModel;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every training stage of the demo model, end to end on a miniature model (32 × 32 pictures, a few steps
 * each): the folder it writes loads and generates through the engine's own pipeline, a fixed seed trains
 * the same weights twice, and a run cancelled mid-stage resumes from its checkpoint to the same weights as
 * an uninterrupted one.
 */
@Tag("slow")
class DemoTrainingTest {

    private static final Path TOKENIZER = Golden.tinyModel().resolve("tokenizer");

    private static int threads;

    @BeforeAll
    static void runtime() throws Exception {
        dev.seedframe.engine.runtime.DjlRuntime.engine();
        threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        TrainingRuntime.prepare(1);
    }

    /** Training's process settings must not leak into the other tests of this JVM. */
    @AfterAll
    static void restore() {
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    }

    /** Counts steps and cancels the token when {@code cancelAt} steps of {@code stage} are done. */
    private static final class Recorder implements TrainingListener {
        final List<String> steps = new ArrayList<>();
        final List<Double> losses = new ArrayList<>();
        final CancellationToken token;
        final String cancelStage;
        final int cancelAt;

        Recorder(CancellationToken token, String cancelStage, int cancelAt) {
            this.token = token;
            this.cancelStage = cancelStage;
            this.cancelAt = cancelAt;
        }

        @Override
        public void step(String stage, int step, int totalSteps, double loss, double averageLoss,
                double secondsPerStep) {
            steps.add(stage + " " + step + "/" + totalSteps);
            losses.add(loss);
            assertTrue(Double.isFinite(loss), stage + " loss " + loss);
            if (stage.equals(cancelStage) && step == cancelAt) {
                token.cancel();
            }
        }

        @Override
        public void note(String message) {}
    }

    @Test
    void everyStageRunsAndTheModelFolderGenerates(@TempDir Path tmp) throws Exception {
        DemoSpec spec = DemoSpec.miniature();
        Recorder rec = new Recorder(new CancellationToken(), "", -1);
        Path out = new DemoTraining(spec, 7, tmp.resolve("work"), TOKENIZER, rec).run(tmp.resolve("model"),
                new CancellationToken());

        assertEquals(spec.vaeSteps() + spec.transformerSteps(), rec.steps.size(), rec.steps.toString());
        assertEquals("vae 1/" + spec.vaeSteps(), rec.steps.get(0));
        assertEquals("transformer " + spec.transformerSteps() + "/" + spec.transformerSteps(),
                rec.steps.get(rec.steps.size() - 1));
        for (String f : List.of("model_index.json", "scheduler/scheduler_config.json", "tokenizer/vocab.json",
                "text_encoder/config.json", "text_encoder/model.safetensors", "transformer/config.json",
                "transformer/diffusion_pytorch_model.safetensors", "vae/config.json",
                "vae/diffusion_pytorch_model.safetensors")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        try (QwenImageModel model = QwenImageModel.open(out)) {
            GenerationRequest r = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
                    .prompt("a red circle on a blue background, top left").negativePrompt(" ")
                    .seed(3).steps(2).cfg(2).size(spec.imageSize(), spec.imageSize()).build();
            RgbImage img = model.generate(r, StepListener.NONE, new CancellationToken()).image();
            assertEquals(spec.imageSize(), img.width());
            assertEquals(spec.imageSize(), img.height());
        }
        // latent statistics measured and written (not the unit placeholders of a new VAE)
        String vaeConfig = Files.readString(out.resolve("vae/config.json"));
        assertTrue(!vaeConfig.contains("\"latents_std\": [\n    1.0,"), vaeConfig);
    }

    @Test
    void aFixedSeedTrainsTheSameWeightsAndAnotherSeedOthers(@TempDir Path tmp) throws Exception {
        DemoSpec spec = DemoSpec.miniature();
        float[][] a = trainVae(spec, 7, tmp.resolve("a"));
        float[][] b = trainVae(spec, 7, tmp.resolve("b"));
        float[][] c = trainVae(spec, 8, tmp.resolve("c"));
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i]);
        }
        boolean differs = false;
        for (int i = 0; i < a.length; i++) {
            differs |= !java.util.Arrays.equals(a[i], c[i]);
        }
        assertTrue(differs, "another seed trains other weights");
    }

    @Test
    void aCancelledRunResumesFromItsCheckpointToTheSameWeights(@TempDir Path tmp) throws Exception {
        DemoSpec spec = DemoSpec.miniature();
        CancellationToken token = new CancellationToken();
        Recorder first = new Recorder(token, VaeTraining.STAGE, 1);
        assertThrows(CancelledException.class,
                () -> new VaeTraining(spec, 7, tmp.resolve("cut"), first).run(token));
        TrainingState saved = TrainingState.read(tmp.resolve("cut").resolve(VaeTraining.STAGE));
        assertEquals(1, saved.step);

        Recorder second = new Recorder(new CancellationToken(), "", -1);
        new VaeTraining(spec, 7, tmp.resolve("cut"), second).run(new CancellationToken());
        assertEquals("vae 2/" + spec.vaeSteps(), second.steps.get(0), "resumed after the saved step");

        float[][] resumed = weights(tmp.resolve("cut").resolve(VaeTraining.STAGE));
        float[][] straight = trainVae(spec, 7, tmp.resolve("straight"));
        for (int i = 0; i < straight.length; i++) {
            assertArrayEquals(straight[i], resumed[i]);
        }
    }

    @Test
    void aFinishedRunGivenAnotherCycleGoesOnToTheWeightsOfARunWithBothFromTheStart(@TempDir Path tmp)
            throws Exception {
        DemoSpec both = DemoSpec.miniature();
        assertEquals(2, both.transformerCycles().size(), "the miniature spec has a restart");
        DemoSpec first = both.withTransformerCycles(both.transformerCycles().subList(0, 1));
        Path work = tmp.resolve("extended");
        new DemoTraining(first, 7, work, TOKENIZER, TrainingListener.silent()).run(tmp.resolve("m1"),
                new CancellationToken());
        assertTrue(TrainingState.read(work.resolve(TransformerTraining.STAGE)).done);

        Recorder more = new Recorder(new CancellationToken(), "", -1);
        new DemoTraining(both, 7, work, TOKENIZER, more).run(tmp.resolve("m2"), new CancellationToken());
        int firstSteps = first.transformerSteps();
        assertEquals(List.of("transformer " + (firstSteps + 1) + "/" + both.transformerSteps()),
                more.steps.subList(0, 1), "only the new cycle's steps run");
        assertEquals(both.transformerSteps() - firstSteps, more.steps.size(), more.steps.toString());
        TrainingState state = TrainingState.read(work.resolve(TransformerTraining.STAGE));
        assertTrue(state.done);
        assertEquals(both.transformerSteps(), state.totalSteps);

        Path straight = tmp.resolve("straight");
        new DemoTraining(both, 7, straight, TOKENIZER, TrainingListener.silent()).run(tmp.resolve("m3"),
                new CancellationToken());
        float[][] a = weights(work.resolve(TransformerTraining.STAGE));
        float[][] b = weights(straight.resolve(TransformerTraining.STAGE));
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(b[i], a[i]);
        }
    }

    @Test
    void eachCycleWarmsUpAgainAndDecays() {
        DemoSpec spec = DemoSpec.standard();
        int warmup = TransformerTraining.WARMUP;
        int start = 0;
        for (DemoSpec.Cycle cycle : spec.transformerCycles()) {
            double peak = cycle.peakLearningRate();
            assertEquals(peak / warmup, spec.transformerRate(start, warmup), 1e-12);
            assertEquals(peak, spec.transformerRate(start + warmup, warmup), peak * 1e-3);
            int last = start + cycle.steps() - 1;
            assertEquals(peak * LearningRate.FLOOR, spec.transformerRate(last, warmup), 1e-12);
            start += cycle.steps();
        }
        assertEquals(spec.transformerSteps(), start);
        int pastTheEnd = start;
        assertThrows(IllegalArgumentException.class, () -> spec.transformerRate(pastTheEnd, warmup));
        assertTrue(spec.transformerCycles().size() > 1, "the standard schedule restarts at least once");
    }

    @Test
    void aVaeScheduleShorterThanItsStepsIsRefused() {
        DemoSpec m = DemoSpec.miniature();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DemoSpec(m.imageSize(),
                m.vaeBaseDim(), m.vaeDimMult(), m.vaeResBlocks(), m.zDim(), m.layers(), m.heads(), m.headDim(),
                m.axesDimsRope(), m.textHidden(), m.textLayers(), m.textHeads(), m.textIntermediate(), m.vaeSteps(),
                m.vaeSteps() - 1, m.vaeBatch(), m.vaeCrop(), m.vaeLearningRate(), m.dataSetSize(),
                m.transformerCycles(), m.transformerBatch(), m.checkpointEvery()));
        assertTrue(e.getMessage().contains("schedule"), e.getMessage());
    }

    private static float[][] trainVae(DemoSpec spec, long seed, Path work) throws Exception {
        new VaeTraining(spec, seed, work, TrainingListener.silent()).run(new CancellationToken());
        return weights(work.resolve(VaeTraining.STAGE));
    }

    private static float[][] weights(Path dir) throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("diffusion_pytorch_model.safetensors"))) {
            List<String> names = new ArrayList<>(new java.util.TreeSet<>(f.tensors().keySet()));
            float[][] out = new float[names.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = f.floats(names.get(i));
            }
            assertNotEquals(0, out.length);
            return out;
        }
    }
}
