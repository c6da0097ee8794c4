package dev.seedframe.engine.train.scenes;

import dev.seedframe.domain.RgbImage;

/**
 * Whether a picture shows a single-object scene as asked: the named colour is the dominant colour other
 * than the named background's in the named region (a third of the picture on each side), covering at
 * least {@value #MIN_SHARE} of it, the patch of that colour around the region is recognised as the
 * named shape ({@link ShapeMeasure}), and the named background is the most common colour away from the
 * object, covering at least {@value #MIN_BACKGROUND} of it (without this, a picture filled with the
 * object's colour passed as a large shape of it). Every pixel is read as its nearest named colour.
 */
public final class SceneCheck {

    /** Least share of the region the named colour must cover to count as drawn. */
    static final double MIN_SHARE = 0.04;

    /** Least share of the picture outside the object's window that the named background must cover. */
    static final double MIN_BACKGROUND = 0.5;

    /** How far around the region the shape's patch is looked for, as a fraction of a side. */
    static final double MARGIN = 1.0 / 12;

    /**
     * @param dominant the dominant non-background colour in the region, or null if the region holds only
     *     background
     * @param share the share of the region the named colour covers
     * @param colourCorrect the named colour dominates and covers enough
     * @param measure the shape measures of the named colour's largest patch near the region, or null
     * @param shapeSeen the shape recognised, or null
     * @param shapeCorrect the shape recognised is the named one
     * @param backgroundSeen the most common colour outside the object's window (the region and its margin)
     * @param backgroundCorrect the named background is that colour and covers enough of the outside
     */
    public record Verdict(NamedColour dominant, double share, boolean colourCorrect, ShapeMeasure measure,
            ShapeKind shapeSeen, boolean shapeCorrect, NamedColour backgroundSeen, boolean backgroundCorrect) {

        /** Colour, shape and background all as asked. */
        public boolean correct() {
            return colourCorrect && shapeCorrect && backgroundCorrect;
        }
    }

    private SceneCheck() {}

    /**
     * The looser check, of colours only, wherever they are: the named background is the most common colour of
     * the whole picture and covers at least {@value #MIN_BACKGROUND} of it, and the named object colour is the
     * most common other colour, covering at least {@value #MIN_SHARE} of a region's area. It tells a model that
     * reads its prompt's colours (but misplaces or misshapes the object) from one that does not read it.
     */
    public static boolean coloursAnywhere(Scene scene, RgbImage image) {
        NamedColour bg = scene.background();
        NamedColour named = scene.objects().get(0).colour();
        int w = image.width();
        int h = image.height();
        int[] counts = new int[NamedColour.values().length];
        for (NamedColour c : classes(image)) {
            counts[c.ordinal()]++;
        }
        NamedColour most = null;
        NamedColour other = null;
        for (NamedColour c : NamedColour.values()) {
            if (most == null || counts[c.ordinal()] > counts[most.ordinal()]) {
                most = c;
            }
            if (c != bg && (other == null || counts[c.ordinal()] > counts[other.ordinal()])) {
                other = c;
            }
        }
        double regionArea = (w / 3.0) * (h / 3.0);
        return most == bg && counts[bg.ordinal()] >= MIN_BACKGROUND * w * h && other == named
                && counts[named.ordinal()] >= MIN_SHARE * regionArea;
    }

    /** Every pixel of {@code image} as its nearest named colour, row by row. */
    private static NamedColour[] classes(RgbImage image) {
        int w = image.width();
        int h = image.height();
        NamedColour[] cls = new NamedColour[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                cls[y * w + x] = NamedColour.nearest(image.channel(x, y, 0), image.channel(x, y, 1),
                        image.channel(x, y, 2));
            }
        }
        return cls;
    }

    /** Checks {@code image} against the first object of {@code scene}. */
    public static Verdict check(Scene scene, RgbImage image) {
        SceneObject o = scene.objects().get(0);
        NamedColour bg = scene.background();
        int w = image.width();
        int h = image.height();
        NamedColour[] cls = classes(image);
        int rx0 = o.placement().col() * w / 3;
        int rx1 = (o.placement().col() + 1) * w / 3;
        int ry0 = o.placement().row() * h / 3;
        int ry1 = (o.placement().row() + 1) * h / 3;
        int[] counts = new int[NamedColour.values().length];
        for (int y = ry0; y < ry1; y++) {
            for (int x = rx0; x < rx1; x++) {
                counts[cls[y * w + x].ordinal()]++;
            }
        }
        NamedColour dominant = null;
        for (NamedColour c : NamedColour.values()) {
            if (c != bg && counts[c.ordinal()] > 0
                    && (dominant == null || counts[c.ordinal()] > counts[dominant.ordinal()])) {
                dominant = c;
            }
        }
        double share = counts[o.colour().ordinal()] / (double) ((rx1 - rx0) * (ry1 - ry0));
        boolean colourOk = dominant == o.colour() && share >= MIN_SHARE;

        int mx = (int) Math.round(MARGIN * w);
        int my = (int) Math.round(MARGIN * h);
        int ex0 = Math.max(0, rx0 - mx);
        int ex1 = Math.min(w, rx1 + mx);
        int ey0 = Math.max(0, ry0 - my);
        int ey1 = Math.min(h, ry1 + my);
        int ew = ex1 - ex0;
        int eh = ey1 - ey0;
        boolean[] mask = new boolean[ew * eh];
        for (int y = 0; y < eh; y++) {
            for (int x = 0; x < ew; x++) {
                mask[y * ew + x] = cls[(ey0 + y) * w + ex0 + x] == o.colour();
            }
        }
        ShapeMeasure m = ShapeMeasure.of(mask, ew, eh);
        ShapeKind seen = m == null ? null : m.classify();

        int[] outside = new int[NamedColour.values().length];
        int outsideCount = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x < ex0 || x >= ex1 || y < ey0 || y >= ey1) {
                    outside[cls[y * w + x].ordinal()]++;
                    outsideCount++;
                }
            }
        }
        NamedColour around = null;
        for (NamedColour c : NamedColour.values()) {
            if (around == null || outside[c.ordinal()] > outside[around.ordinal()]) {
                around = c;
            }
        }
        boolean backgroundOk = around == bg && outside[bg.ordinal()] >= MIN_BACKGROUND * outsideCount;
        return new Verdict(dominant, share, colourOk, m, seen, seen == o.shape(), around, backgroundOk);
    }
}
