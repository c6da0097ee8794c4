package dev.seedframe.engine.qwenimage.vae;

/**
 * Ordinary least squares with a bias, accumulated row by row as normal equations ({@code AᵀA}, {@code Aᵀt}) in
 * double precision: the fit behind {@link LatentRgbFit}, small (a handful of inputs), so solved by Gaussian
 * elimination.
 */
final class LeastSquares {

    /**
     * @param weights {@code [outputs][inputs]}
     * @param bias {@code [outputs]}
     * @param rmsError RMS of the residuals over every row and output
     * @param constantRmsError RMS error of the best constant (each output's mean): the targets' spread
     */
    record Solution(double[][] weights, double[] bias, double rmsError, double constantRmsError) {}

    private final int inputs;
    private final int outputs;
    private final double[][] ata;
    private final double[][] atb;
    private final double[] btb;
    private final double[] bsum;
    private long rows;

    LeastSquares(int inputs, int outputs) {
        this.inputs = inputs;
        this.outputs = outputs;
        int d = inputs + 1;
        this.ata = new double[d][d];
        this.atb = new double[outputs][d];
        this.btb = new double[outputs];
        this.bsum = new double[outputs];
    }

    /** One row: {@code x} (inputs) should give {@code t} (outputs). */
    void add(double[] x, double[] t) {
        int d = inputs + 1;
        for (int a = 0; a < d; a++) {
            double xa = a < inputs ? x[a] : 1;
            for (int b = 0; b < d; b++) {
                ata[a][b] += xa * (b < inputs ? x[b] : 1);
            }
            for (int o = 0; o < outputs; o++) {
                atb[o][a] += xa * t[o];
            }
        }
        for (int o = 0; o < outputs; o++) {
            btb[o] += t[o] * t[o];
            bsum[o] += t[o];
        }
        rows++;
    }

    /** The fit, with {@code ridge} × the mean diagonal added to the diagonal (0: plain least squares). */
    Solution solve(double ridge) {
        int d = inputs + 1;
        double trace = 0;
        for (int a = 0; a < d; a++) {
            trace += ata[a][a];
        }
        double lambda = ridge * trace / d;
        double[][] m = new double[d][d];
        for (int a = 0; a < d; a++) {
            m[a] = ata[a].clone();
            m[a][a] += lambda;
        }
        double[][] weights = new double[outputs][inputs];
        double[] bias = new double[outputs];
        double sse = 0;
        double spread = 0;
        for (int o = 0; o < outputs; o++) {
            double[] beta = gauss(m, atb[o]);
            System.arraycopy(beta, 0, weights[o], 0, inputs);
            bias[o] = beta[inputs];
            // |A·β − t|² = βᵀ(AᵀA)β − 2βᵀ(Aᵀt) + tᵀt, with the unregularised AᵀA
            double quad = 0;
            double lin = 0;
            for (int a = 0; a < d; a++) {
                lin += beta[a] * atb[o][a];
                for (int b = 0; b < d; b++) {
                    quad += beta[a] * ata[a][b] * beta[b];
                }
            }
            sse += Math.max(0, quad - 2 * lin + btb[o]);
            spread += Math.max(0, btb[o] - bsum[o] * bsum[o] / rows);
        }
        double n = (double) rows * outputs;
        return new Solution(weights, bias, Math.sqrt(sse / n), Math.sqrt(spread / n));
    }

    /** Solves {@code m·x = v} (Gaussian elimination with partial pivoting). */
    private static double[] gauss(double[][] m, double[] v) {
        int n = v.length;
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n] = v[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            if (a[col][col] == 0) {
                throw new IllegalStateException("the least squares system is singular");
            }
            for (int r = col + 1; r < n; r++) {
                double k = a[r][col] / a[col][col];
                for (int j = col; j <= n; j++) {
                    a[r][j] -= k * a[col][j];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = a[i][n];
            for (int j = i + 1; j < n; j++) {
                s -= a[i][j] * x[j];
            }
            x[i] = s / a[i][i];
        }
        return x;
    }
}
