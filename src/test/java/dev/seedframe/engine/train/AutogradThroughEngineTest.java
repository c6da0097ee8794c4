package dev.seedframe.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.seedframe.engine.nn.Tensors;
import dev.seedframe.engine.qwenimage.vae.DiagonalGaussian;
import dev.seedframe.engine.qwenimage.transformer.ImageShape;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import dev.seedframe.engine.qwenimage.transformer.TransformerConfig;
import dev.seedframe.engine.qwenimage.vae.VaeConfig;
import dev.seedframe.engine.runtime.Constants;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.testing.Golden;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's own forward code, recorded by DJL's autograd, reaches every parameter (the tiny model's VAE
 * and transformer bound as trainable arrays), and its gradients are the finite differences of the loss.
 */
class AutogradThroughEngineTest {

    @Test
    void everyVaeParameterGetsAGradientThroughItsLoadTimeTransform() throws Exception {
        Path dir = Golden.tinyModel().resolve("vae");
        Engine engine = DjlRuntime.engine();
        try (NDManager m = DjlRuntime.newCpuManager();
                Checkpoint ck = Checkpoint.open(dir, "vae", "diffusion_pytorch_model")) {
            WeightMap w = WeightMap.of(ck);
            QwenImageVae vae = new QwenImageVae(VaeConfig.fromJson(dir.resolve("config.json")), w,
                    TrainingRuntime.attention());
            try (TrainableComponent t = TrainableComponent.attach(w, m)) {
                NDArray x = m.randomUniform(-1, 1, new Shape(1, 3, 32, 32));
                try (GradientCollector gc = engine.newGradientCollector()) {
                    assertTrue(Tensors.recording());
                    t.rebind();
                    try (DiagonalGaussian p = vae.encode(x)) {
                        gc.backward(vae.decode(p.mean()).sub(x).square().mean());
                    }
                }
                List<Param> params = w.params();
                NDArray[] grads = t.gradients();
                for (int i = 0; i < params.size(); i++) {
                    assertTrue(grads[i].abs().sum().getFloat() > 0, params.get(i).key() + " has no gradient");
                }
            }
        }
    }

    @Test
    void transformerGradientsMatchFiniteDifferencesAndOnlyTheLastBlocksTextOutputIsUnused() throws Exception {
        Path dir = Golden.tinyModel().resolve("transformer");
        Engine engine = DjlRuntime.engine();
        try (NDManager m = DjlRuntime.newCpuManager();
                Constants constants = new Constants();
                Checkpoint ck = Checkpoint.open(dir, "transformer", "diffusion_pytorch_model")) {
            WeightMap w = WeightMap.of(ck);
            TransformerConfig config = TransformerConfig.fromJson(dir.resolve("config.json"));
            QwenImageTransformer model = new QwenImageTransformer(config, w, TrainingRuntime.ops(constants));
            model.load(m);
            try (TrainableComponent t = TrainableComponent.attach(w, m)) {
                NDArray hs = m.randomNormal(new Shape(2, 16, config.inChannels()));
                NDArray enc = m.randomNormal(new Shape(2, 7, config.jointAttentionDim()));
                NDArray ts = m.create(new float[] {0.3f, 0.7f});
                List<ImageShape> shapes = List.of(new ImageShape(1, 4, 4));
                try (GradientCollector gc = engine.newGradientCollector()) {
                    t.rebind();
                    gc.backward(model.forward(hs, enc, null, ts, shapes).square().sum());
                }
                List<Param> params = w.params();
                NDArray[] grads = t.gradients();
                String last = "transformer_blocks." + (config.numLayers() - 1) + ".";
                for (int i = 0; i < params.size(); i++) {
                    String key = params.get(i).key();
                    boolean unused = key.startsWith(last) && (key.contains("txt_mlp") || key.contains("to_add_out")
                            || key.contains("add_q_proj") || key.contains("norm_added_q"));
                    assertEquals(!unused, grads[i].abs().sum().getFloat() > 0, key);
                }
                // d loss / d w for a few weights of one matrix, against central differences in f64 arithmetic
                int which = params.indexOf(params.stream().filter(p -> p.key().endsWith("img_in.weight")).findFirst()
                        .orElseThrow());
                NDArray leaf = t.leaves()[which];
                float[] g = grads[which].toFloatArray();
                float[] w0 = leaf.toFloatArray();
                float h = 1e-2f;
                for (int k : new int[] {0, 5, 17}) {
                    double plus = lossWith(model, t, leaf, w0, k, h, hs, enc, ts, shapes);
                    double minus = lossWith(model, t, leaf, w0, k, -h, hs, enc, ts, shapes);
                    double numeric = (plus - minus) / (2 * h);
                    assertEquals(numeric, g[k], 2e-2 * Math.max(1, Math.abs(numeric)), "weight " + k);
                }
                leaf.set(w0);
            }
        }
    }

    private static double lossWith(QwenImageTransformer model, TrainableComponent t, NDArray leaf, float[] w0, int k,
            float h, NDArray hs, NDArray enc, NDArray ts, List<ImageShape> shapes) throws Exception {
        float[] w = w0.clone();
        w[k] += h;
        leaf.set(w);
        t.rebind();
        return model.forward(hs, enc, null, ts, shapes).square().sum().getFloat();
    }

    @Test
    void copiesAreDuplicatesOutsideAutogradAndRecordedInsideIt() throws Exception {
        Engine engine = DjlRuntime.engine();
        try (NDManager m = DjlRuntime.newCpuManager()) {
            NDArray a = m.randomNormal(new Shape(3, 4));
            a.setRequiresGradient(true);
            assertArrayEquals(a.toFloatArray(), Tensors.copy(a).toFloatArray());
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray c = Tensors.copy(a.get("1:"));
                assertArrayEquals(a.get("1:").toFloatArray(), c.toFloatArray());
                gc.backward(c.sum());
            }
            assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}, a.getGradient().toFloatArray());
        }
    }
}
