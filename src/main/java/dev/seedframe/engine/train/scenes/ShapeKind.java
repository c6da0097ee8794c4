package dev.seedframe.engine.train.scenes;

/**
 * The shapes of the demo data set. Each is defined in a unit frame: the point {@code (u, v)}, with
 * {@code u} to the right and {@code v} downwards, both in {@code [-1, 1]} over the shape's square
 * bounding frame, is inside or not.
 */
public enum ShapeKind {
    CIRCLE("circle", "圆形"),
    SQUARE("square", "正方形"),
    TRIANGLE("triangle", "三角形"),
    STAR("star", "星形"),
    HEART("heart", "心形");

    /** Inner radius of the five-pointed star as a fraction of its outer radius. */
    static final double STAR_INNER = 0.42;

    private static final double[][] STAR_POLYGON = starPolygon();

    private final String english;
    private final String chinese;

    ShapeKind(String english, String chinese) {
        this.english = english;
        this.chinese = chinese;
    }

    public String english() {
        return english;
    }

    public String chinese() {
        return chinese;
    }

    /** Whether the unit-frame point {@code (u, v)} lies inside the shape. */
    public boolean contains(double u, double v) {
        switch (this) {
            case CIRCLE:
                return u * u + v * v <= 1.0;
            case SQUARE:
                return Math.abs(u) <= 0.9 && Math.abs(v) <= 0.9;
            case TRIANGLE:
                // apex at the top centre, base along the bottom: |u| ≤ (v + 1) / 2 for v in [-1, 1]
                return v <= 0.85 && v >= -1.0 && Math.abs(u) <= (v + 1.0) / 1.85;
            case STAR:
                return insidePolygon(STAR_POLYGON, u, v);
            case HEART:
                return insideHeart(u, v);
            default:
                throw new IllegalStateException(name());
        }
    }

    /** The classic implicit heart {@code (x² + y² − 1)³ − x²·y³ ≤ 0}, scaled to the unit frame, point up. */
    private static boolean insideHeart(double u, double v) {
        double x = u * 1.2;
        double y = -(v * 1.25) + 0.2; // y up; centre the curve's extent (−1 .. 1.25) in the frame
        double a = x * x + y * y - 1.0;
        return a * a * a - x * x * y * y * y <= 0.0;
    }

    private static double[][] starPolygon() {
        double[][] p = new double[10][2];
        for (int i = 0; i < 10; i++) {
            double r = i % 2 == 0 ? 1.0 : STAR_INNER;
            double a = -Math.PI / 2 + i * Math.PI / 5;
            p[i][0] = r * Math.cos(a);
            p[i][1] = r * Math.sin(a) + 0.1; // the star's extent is −1 .. 0.81: centre it
        }
        return p;
    }

    /** Even-odd rule point-in-polygon test. */
    private static boolean insidePolygon(double[][] poly, double x, double y) {
        boolean inside = false;
        for (int i = 0, j = poly.length - 1; i < poly.length; j = i++) {
            double xi = poly[i][0];
            double yi = poly[i][1];
            double xj = poly[j][0];
            double yj = poly[j][1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }
}
