package dev.seedframe.engine.qwenimage.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 2×2 latent packing (spec C.8): a hand-computed example, round trips and the pipeline's own packing. */
class LatentsTest {

    static NDManager manager;

    @BeforeAll
    static void start() throws Exception {
        manager = DjlRuntime.newCpuManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Latent value = 100·c + 10·y + x, so every element names its own position. */
    static NDArray labelled(NDManager m, int c, int h, int w) {
        float[] v = new float[c * h * w];
        for (int ci = 0; ci < c; ci++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    v[(ci * h + y) * w + x] = 100 * ci + 10 * y + x;
                }
            }
        }
        return m.create(v, new Shape(1, c, h, w));
    }

    @Test
    void packingPutsEachTwoByTwoBlockIntoOneTokenChannelMajor() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            NDArray packed = Latents.pack(labelled(m, 2, 2, 4)); // 2 channels, 2×4 latent → 1×2 tokens
            assertEquals(new Shape(1, 2, 8), packed.getShape());
            // token (row 0, col 1) covers x 2..3; feature c·4 + dy·2 + dx
            float[] expected = {
                0, 1, 10, 11, 100, 101, 110, 111, // token 0: x 0..1
                2, 3, 12, 13, 102, 103, 112, 113, // token 1: x 2..3
            };
            assertArrayEquals(expected, packed.toFloatArray());
        }
    }

    @Test
    void unpackingInvertsPackingForEveryLayout() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            NDArray lat = labelled(m, 3, 6, 4);
            float[] original = lat.toFloatArray();
            NDArray vaeLayout = lat.reshape(1, 3, 1, 6, 4); // [B, C, 1, h, w]
            NDArray noiseLayout = lat.reshape(1, 1, 3, 6, 4); // [B, 1, C, h, w]
            for (NDArray in : new NDArray[] {lat, vaeLayout, noiseLayout}) {
                NDArray packed = Latents.pack(in);
                assertEquals(new Shape(1, 6, 12), packed.getShape());
                NDArray back = Latents.unpack(packed, 6, 4, 3);
                assertEquals(new Shape(1, 3, 1, 6, 4), back.getShape());
                assertArrayEquals(original, back.toFloatArray());
            }
        }
    }

    @Test
    void packingMatchesThePipelinesInitialLatents() throws Exception {
        try (NDManager m = manager.newSubManager();
                SafetensorsFile ref = Golden.caseReference("t2i_basic")) {
            NDArray noise = m.create(TensorAssert.floats(ref, "randn0"), new Shape(TensorAssert.shape(ref, "randn0")));
            TensorAssert.assertClose(ref, "latents_init", Latents.pack(noise), 0.0);
        }
    }

    @Test
    void unpackingMatchesTheLatentsHandedToTheVae() throws Exception {
        // vae_decode.input_latents = unpack(final latents) / (1/std) + mean; with the tiny VAE's
        // per-channel stats undone, unpacking must reproduce it
        try (NDManager m = manager.newSubManager();
                SafetensorsFile ref = Golden.caseReference("t2i_basic")) {
            NDArray fin = m.create(TensorAssert.floats(ref, "latents_final_packed"),
                    new Shape(TensorAssert.shape(ref, "latents_final_packed")));
            NDArray unpacked = Latents.unpack(fin, 8, 8, 4);
            NDArray decodeIn = m.create(TensorAssert.floats(ref, "vae_decode.input_latents"),
                    new Shape(TensorAssert.shape(ref, "vae_decode.input_latents")));
            float[] mean = {-0.7571f, -0.7089f, -0.9113f, 0.1075f};
            float[] std = {2.8184f, 1.4541f, 2.3275f, 2.6558f};
            Shape perChannel = new Shape(1, 4, 1, 1, 1);
            NDArray inv = m.create(new float[] {1 / std[0], 1 / std[1], 1 / std[2], 1 / std[3]}, perChannel);
            NDArray expected = unpacked.div(inv).add(m.create(mean, perChannel));
            TensorAssert.assertClose(
                    "vae_decode.input_latents", decodeIn.toFloatArray(), expected.toFloatArray(), 1e-6);
        }
    }

    @Test
    void oddLatentSizesAreRefused() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            InvalidRequestException e =
                    assertThrows(InvalidRequestException.class, () -> Latents.pack(m.zeros(new Shape(1, 4, 5, 4))));
            assertTrue(e.getMessage().contains("must be even"), e.getMessage());
        }
    }

    @Test
    void multiFrameLatentsAreRefused() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            InvalidRequestException e =
                    assertThrows(InvalidRequestException.class, () -> Latents.pack(m.zeros(new Shape(1, 4, 2, 4, 4))));
            assertTrue(e.getMessage().contains("one frame"), e.getMessage());
        }
    }

    @Test
    void tokensThatDoNotFitTheRequestedLatentAreRefused() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            InvalidRequestException e = assertThrows(
                    InvalidRequestException.class, () -> Latents.unpack(m.zeros(new Shape(1, 16, 16)), 8, 6, 4));
            assertTrue(e.getMessage().contains("must be [B, 12, 16]"), e.getMessage());
        }
    }
}
