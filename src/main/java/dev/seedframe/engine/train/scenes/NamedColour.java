package dev.seedframe.engine.train.scenes;

/**
 * The colours the demo data set names, with their English and Chinese words and the sRGB value drawn.
 * Object colours and background colours are two overlapping sets; an object never takes its
 * background's colour.
 */
public enum NamedColour {
    RED("red", "红色", 220, 38, 38, true, false),
    ORANGE("orange", "橙色", 245, 140, 20, true, false),
    YELLOW("yellow", "黄色", 250, 215, 30, true, true),
    GREEN("green", "绿色", 40, 165, 60, true, true),
    BLUE("blue", "蓝色", 35, 85, 215, true, true),
    PURPLE("purple", "紫色", 135, 55, 185, true, false),
    PINK("pink", "粉色", 245, 140, 200, true, false),
    WHITE("white", "白色", 245, 245, 245, true, true),
    BLACK("black", "黑色", 25, 25, 25, true, true),
    GRAY("gray", "灰色", 128, 128, 128, false, true);

    private final String english;
    private final String chinese;
    private final int r;
    private final int g;
    private final int b;
    private final boolean object;
    private final boolean background;

    NamedColour(String english, String chinese, int r, int g, int b, boolean object, boolean background) {
        this.english = english;
        this.chinese = chinese;
        this.r = r;
        this.g = g;
        this.b = b;
        this.object = object;
        this.background = background;
    }

    public String english() {
        return english;
    }

    public String chinese() {
        return chinese;
    }

    public int r() {
        return r;
    }

    public int g() {
        return g;
    }

    public int b() {
        return b;
    }

    /** Whether shapes are drawn in this colour. */
    public boolean forObjects() {
        return object;
    }

    /** Whether backgrounds are painted in this colour. */
    public boolean forBackgrounds() {
        return background;
    }

    /** The named colour nearest to an sRGB value (squared distance in RGB). */
    public static NamedColour nearest(int r, int g, int b) {
        NamedColour best = null;
        long bestD = Long.MAX_VALUE;
        for (NamedColour c : values()) {
            long dr = r - c.r;
            long dg = g - c.g;
            long db = b - c.b;
            long d = dr * dr + dg * dg + db * db;
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }
}
