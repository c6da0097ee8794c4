package dev.seedframe.engine.qwenimage.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.engine.DemoModel;
import dev.seedframe.engine.qwenimage.QwenImageModel;
import dev.seedframe.engine.qwenimage.vae.LatentRgbFit;
import dev.seedframe.engine.qwenimage.vae.LatentRgbProjection;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TestRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a VAE's latent-to-RGB projection comes from: shipped for the embedded models, the tiny ones and the demo model
 * (and then equal to a fresh fit of that VAE), else fitted once and kept in the cache folder, a damaged cached file
 * fitted again.
 */
class LatentRgbProjectionsTest {

    private static LatentRgbFit.Fitted tinyFit;

    /** The fit of the embedded tiny models' VAE, made once for these tests. */
    static synchronized LatentRgbFit.Fitted tinyFit() throws Exception {
        if (tinyFit == null) {
            try (NDManager m = DjlRuntime.newCpuManager()) {
                tinyFit = LatentRgbFit.fit(vae(Golden.tinyModel(), m), m);
            }
        }
        return tinyFit;
    }

    static QwenImageVae vae(Path model, NDManager m) throws Exception {
        return QwenImageVae.load(model.resolve("vae"), m, TestRuntime.f32().attention(), TestRuntime.get());
    }

    static void assertSameProjection(LatentRgbProjection expected, LatentRgbProjection actual, double tol) {
        for (int o = 0; o < 3; o++) {
            float[] e = expected.weights(o);
            float[] a = actual.weights(o);
            for (int k = 0; k < e.length; k++) {
                assertEquals(e[k], a[k], tol, "weight " + o + "," + k);
            }
            assertEquals(expected.bias()[o], actual.bias()[o], tol, "bias " + o);
        }
    }

    @Test
    void theShippedProjectionOfTheEmbeddedModelsIsTheFitOfTheirVae() throws Exception {
        String key = LatentRgbProjections.key(QwenImageModel.inspect(Golden.tinyModel()).identity());
        assertEquals(key, LatentRgbProjections.key(QwenImageModel.inspect(Golden.tinyEditModel()).identity()),
                "the two tiny models share their VAE");
        LatentRgbProjection shipped = LatentRgbProjections.shipped(key);
        assertNotNull(shipped, "no projection shipped for the tiny models' VAE");
        assertSameProjection(tinyFit().projection(), shipped, 1e-4);
    }

    @Test
    void theShippedProjectionOfTheDemoModelIsTheFitOfItsVae() throws Exception {
        Path demo = Golden.repo().resolve("models").resolve(DemoModel.FOLDER);
        LatentRgbProjection shipped = LatentRgbProjections.shipped(
                LatentRgbProjections.key(QwenImageModel.inspect(demo).identity()));
        assertNotNull(shipped, "no projection shipped for the demo model's VAE: its first preview would fit one");
        try (NDManager m = DjlRuntime.newCpuManager()) {
            LatentRgbFit.Fitted fit = LatentRgbFit.fit(vae(demo, m), m);
            assertSameProjection(fit.projection(), shipped, 1e-4);
            // a trained VAE's colours are largely linear in its latents: the projection explains about half the error
            // a constant colour leaves (0.22 against 0.44 in [-1, 1])
            assertTrue(fit.rmsError() < 0.6 * fit.constantRmsError(), fit.note());
        }
    }

    @Test
    void theFitExplainsAtLeastWhatAConstantColourDoes() throws Exception {
        LatentRgbFit.Fitted fit = tinyFit();
        // the tiny VAE has random weights: its decodes carry little of its latents, so little is to be explained
        System.out.println("latent-to-RGB fit of the tiny VAE: " + fit.note());
        assertTrue(fit.rmsError() <= fit.constantRmsError(), fit.note());
        assertTrue(fit.rmsError() > 0 && Double.isFinite(fit.rmsError()), fit.note());
    }

    @Test
    void aVaeWithoutAShippedProjectionIsFittedOnceAndCached(@TempDir Path cache) throws Exception {
        ModelIdentity tiny = QwenImageModel.inspect(Golden.tinyModel()).identity();
        List<ComponentIdentity> changed = new ArrayList<>();
        for (ComponentIdentity c : tiny.components()) {
            changed.add(c.name().equals("vae") ? new ComponentIdentity(c.name(), c.className(), c.configSha256(),
                    c.weightsFingerprint() + "-not-shipped") : c);
        }
        ModelIdentity unknown = new ModelIdentity(tiny.displayName(), tiny.pipelineClass(), changed);
        String key = LatentRgbProjections.key(unknown);
        assertNotEquals(LatentRgbProjections.key(tiny), key);
        Path file = cache.resolve("latent-rgb").resolve(key + ".json");
        try (NDManager m = DjlRuntime.newCpuManager()) {
            QwenImageVae vae = vae(Golden.tinyModel(), m);
            LatentRgbProjection fitted = LatentRgbProjections.of(unknown, vae, m, cache);
            assertTrue(Files.isRegularFile(file), "the fit is kept");
            assertSameProjection(tinyFit().projection(), fitted, 0);
            assertEquals(fitted, LatentRgbProjection.fromJson(Files.readString(file)));

            // the kept file is what the next model gets (no second fit)
            LatentRgbProjection other = new LatentRgbProjection(new float[][] {new float[16], new float[16],
                new float[16]}, new float[] {0.25f, 0.5f, 0.75f});
            Files.writeString(file, other.toJson("a test's"), StandardCharsets.UTF_8);
            assertEquals(other, LatentRgbProjections.of(unknown, vae, m, cache));

            // a damaged file is fitted again and replaced
            Files.writeString(file, "{\"format\": \"seedframe-latent-rgb-1\", \"weights\": [[1]]",
                    StandardCharsets.UTF_8);
            assertEquals(fitted, LatentRgbProjections.of(unknown, vae, m, cache));
            assertEquals(fitted, LatentRgbProjection.fromJson(Files.readString(file)));
        }
    }
}
