package dev.seedframe.engine.qwenimage.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The latent-to-RGB fit's least squares recovers a known linear map and measures what it does not explain. */
class LeastSquaresTest {

    static final double[][] W = {{0.5, -1.25, 0.0, 2.0}, {-0.75, 0.25, 1.5, 0.0}, {0.125, 0.0, -0.5, 1.0}};
    static final double[] B = {0.1, -0.2, 0.3};

    @Test
    void anExactLinearMapIsRecoveredWithItsBias() {
        LeastSquares ls = new LeastSquares(4, 3);
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[4];
        double[] t = new double[3];
        for (int i = 0; i < 500; i++) {
            for (int k = 0; k < 4; k++) {
                x[k] = r.nextGaussian();
            }
            for (int o = 0; o < 3; o++) {
                t[o] = B[o];
                for (int k = 0; k < 4; k++) {
                    t[o] += W[o][k] * x[k];
                }
            }
            ls.add(x, t);
        }
        LeastSquares.Solution s = ls.solve(0);
        for (int o = 0; o < 3; o++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(W[o][k], s.weights()[o][k], 1e-9);
            }
            assertEquals(B[o], s.bias()[o], 1e-9);
        }
        assertEquals(0, s.rmsError(), 1e-6);
        assertTrue(s.constantRmsError() > 1, "the targets vary: " + s.constantRmsError());
    }

    @Test
    void noiseTheInputsCannotExplainIsTheRmsError() {
        LeastSquares ls = new LeastSquares(2, 1);
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 20_000; i++) {
            double[] x = {r.nextGaussian(), r.nextGaussian()};
            ls.add(x, new double[] {3 * x[0] + 0.5 * r.nextGaussian()});
        }
        LeastSquares.Solution s = ls.solve(1e-6);
        assertEquals(3, s.weights()[0][0], 0.02);
        assertEquals(0, s.weights()[0][1], 0.02);
        assertEquals(0.5, s.rmsError(), 0.02);
        assertEquals(Math.sqrt(9 + 0.25), s.constantRmsError(), 0.1);
    }
}
