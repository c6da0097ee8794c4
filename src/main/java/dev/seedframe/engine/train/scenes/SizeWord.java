package dev.seedframe.engine.train.scenes;

/** How large an object is drawn (its frame's side as a fraction of the picture's) and the words for it. */
public enum SizeWord {
    SMALL("small", "小", 0.20),
    MEDIUM("", "", 0.28),
    LARGE("large", "大", 0.38);

    private final String english;
    private final String chinese;
    private final double side;

    SizeWord(String english, String chinese, double side) {
        this.english = english;
        this.chinese = chinese;
        this.side = side;
    }

    /** The English adjective, empty for the unnamed medium size. */
    public String english() {
        return english;
    }

    /** The Chinese adjective, empty for the unnamed medium size. */
    public String chinese() {
        return chinese;
    }

    /** The side of the object's square frame as a fraction of the picture's side. */
    public double side() {
        return side;
    }
}
