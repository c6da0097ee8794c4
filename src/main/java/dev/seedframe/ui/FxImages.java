package dev.seedframe.ui;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

/** Converts the engine's images to JavaFX images and back. */
public final class FxImages {

    private FxImages() {}

    public static WritableImage toFx(RgbImage img) {
        WritableImage out = new WritableImage(img.width(), img.height());
        out.getPixelWriter().setPixels(0, 0, img.width(), img.height(), PixelFormat.getByteRgbInstance(),
                img.rgb(), 0, img.width() * 3);
        return out;
    }

    /** The alpha channel of a JavaFX image (255 opaque), or null when every pixel is opaque. */
    public static Mask alphaOf(Image img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        byte[] a = new byte[w * h];
        boolean opaque = true;
        for (int i = 0; i < argb.length; i++) {
            a[i] = (byte) (argb[i] >>> 24);
            opaque &= (argb[i] >>> 24) == 255;
        }
        return opaque ? null : new Mask(w, h, a);
    }

    /** The RGB pixels of a JavaFX image (alpha dropped). */
    public static RgbImage fromFx(Image img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] argb = new int[w * h];
        PixelReader r = img.getPixelReader();
        r.getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[i * 3] = (byte) (argb[i] >> 16);
            rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
            rgb[i * 3 + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }
}
