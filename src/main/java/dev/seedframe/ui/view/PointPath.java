package dev.seedframe.ui.view;

import java.util.Arrays;

/** The points of a lasso or polygon being drawn, in image coordinates. */
final class PointPath {

    private double[] xs = new double[64];
    private double[] ys = new double[64];
    private int n;

    void add(double x, double y) {
        if (n == xs.length) {
            xs = Arrays.copyOf(xs, n * 2);
            ys = Arrays.copyOf(ys, n * 2);
        }
        xs[n] = x;
        ys[n] = y;
        n++;
    }

    void removeLast() {
        n = Math.max(0, n - 1);
    }

    void clear() {
        n = 0;
    }

    boolean isEmpty() {
        return n == 0;
    }

    int size() {
        return n;
    }

    double x(int i) {
        return xs[i];
    }

    double y(int i) {
        return ys[i];
    }

    double distanceToLast(double x, double y) {
        return Math.hypot(x - xs[n - 1], y - ys[n - 1]);
    }

    double distanceToFirst(double x, double y) {
        return Math.hypot(x - xs[0], y - ys[0]);
    }

    PointPath copy() {
        PointPath p = new PointPath();
        p.xs = xs.clone();
        p.ys = ys.clone();
        p.n = n;
        return p;
    }

    /** {xs, ys}, exactly as long as the path. */
    double[][] toArrays() {
        return new double[][] {Arrays.copyOf(xs, n), Arrays.copyOf(ys, n)};
    }
}
