package dev.seedframe.domain;

/** Pixels added on each side of the source image before outpainting. */
public record Outpaint(int left, int right, int top, int bottom) {

    public Outpaint {
        if (left < 0 || right < 0 || top < 0 || bottom < 0) {
            throw new IllegalArgumentException("outpaint amounts cannot be negative");
        }
    }

    public boolean isEmpty() {
        return left == 0 && right == 0 && top == 0 && bottom == 0;
    }
}
