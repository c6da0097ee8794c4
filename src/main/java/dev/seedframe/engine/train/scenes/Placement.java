package dev.seedframe.engine.train.scenes;

import java.util.List;

/**
 * The nine named regions of the picture (a 3 × 3 grid) with the words the captions use for them. The
 * region of column {@code col} and row {@code row} covers {@code [col/3, (col+1)/3)} of the width and
 * likewise for the height; objects are centred at {@code 0.2, 0.5, 0.8} of a side.
 */
public enum Placement {
    TOP_LEFT(0, 0, List.of("top left", "at the top left", "in the top left corner"), List.of("左上角")),
    TOP(1, 0, List.of("top", "at the top", "at the top center"), List.of("上方", "顶部")),
    TOP_RIGHT(2, 0, List.of("top right", "at the top right", "in the top right corner"), List.of("右上角")),
    LEFT(0, 1, List.of("left", "on the left", "at the left"), List.of("左侧", "左边")),
    CENTER(1, 1, List.of("center", "in the center", "in the middle"), List.of("中间", "中央")),
    RIGHT(2, 1, List.of("right", "on the right", "at the right"), List.of("右侧", "右边")),
    BOTTOM_LEFT(0, 2, List.of("bottom left", "at the bottom left", "in the bottom left corner"), List.of("左下角")),
    BOTTOM(1, 2, List.of("bottom", "at the bottom", "at the bottom center"), List.of("下方", "底部")),
    BOTTOM_RIGHT(2, 2, List.of("bottom right", "at the bottom right", "in the bottom right corner"),
            List.of("右下角"));

    /** Object centres along a side, by column or row. */
    static final double[] CENTRES = {0.2, 0.5, 0.8};

    private final int col;
    private final int row;
    private final List<String> english;
    private final List<String> chinese;

    Placement(int col, int row, List<String> english, List<String> chinese) {
        this.col = col;
        this.row = row;
        this.english = english;
        this.chinese = chinese;
    }

    public int col() {
        return col;
    }

    public int row() {
        return row;
    }

    /** English phrasings; the first is the bare region name ("top left"). */
    public List<String> english() {
        return english;
    }

    /** Chinese phrasings; the first is the plain one ("左上角"). */
    public List<String> chinese() {
        return chinese;
    }

    /** The object centre's x as a fraction of the width. */
    public double centreX() {
        return CENTRES[col];
    }

    /** The object centre's y as a fraction of the height. */
    public double centreY() {
        return CENTRES[row];
    }

    /** Grid distance (the larger of the column and row differences). */
    public int distance(Placement other) {
        return Math.max(Math.abs(col - other.col), Math.abs(row - other.row));
    }
}
