package dev.seedframe.engine.qwenimage.transformer;

/**
 * One image segment of the transformer's image stream, in packed-token units: {@code frames} ×
 * {@code height} × {@code width} tokens, row-major. This is one entry of diffusers' {@code
 * img_shapes} (e.g. a 1024² text-to-image latent is {@code (1, 64, 64)}; an edit call lists the
 * generated image first, then each reference image).
 */
public record ImageShape(int frames, int height, int width) {

    public ImageShape {
        if (frames <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "An image segment needs positive frames, height and width, found ("
                            + frames + ", " + height + ", " + width + ")");
        }
    }

    /** The single-frame segment of {@code height} × {@code width} tokens. */
    public static ImageShape of(int height, int width) {
        return new ImageShape(1, height, width);
    }

    /** Number of tokens the segment contributes to the image stream. */
    public long tokens() {
        return (long) frames * height * width;
    }

    @Override
    public String toString() {
        return "(" + frames + ", " + height + ", " + width + ")";
    }
}
