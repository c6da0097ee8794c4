package dev.seedframe.engine.train.scenes;

import dev.seedframe.domain.RgbImage;

/**
 * Draws a {@link Scene} in pure Java, anti-aliased by supersampling: each pixel is the average of
 * {@value #SUPERSAMPLING}² sample points, and an object covers the fraction of them inside its shape.
 * Objects are painted in order over the background.
 */
public final class SceneRasterizer {

    /** Sample points per pixel along each axis. */
    static final int SUPERSAMPLING = 4;

    /** How far a gradient background shades towards white at the top and towards black at the bottom. */
    static final double GRADIENT_SHADE = 0.10;

    private SceneRasterizer() {}

    /** The scene as a {@code width × height} image. */
    public static RgbImage draw(Scene scene, int width, int height) {
        double[] px = new double[width * height * 3];
        paintBackground(scene, width, height, px);
        for (SceneObject o : scene.objects()) {
            paintObject(o, width, height, px);
        }
        byte[] rgb = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            rgb[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(px[i])));
        }
        return new RgbImage(width, height, rgb);
    }

    private static void paintBackground(Scene scene, int width, int height, double[] px) {
        NamedColour c = scene.background();
        double[] base = {c.r(), c.g(), c.b()};
        for (int y = 0; y < height; y++) {
            double t = height == 1 ? 0.5 : y / (double) (height - 1);
            for (int ch = 0; ch < 3; ch++) {
                double v = base[ch];
                if (scene.gradient()) {
                    double light = v + GRADIENT_SHADE * (255 - v);
                    double dark = v * (1 - GRADIENT_SHADE);
                    v = light + (dark - light) * t;
                }
                for (int x = 0; x < width; x++) {
                    px[(y * width + x) * 3 + ch] = v;
                }
            }
        }
    }

    private static void paintObject(SceneObject o, int width, int height, double[] px) {
        double side = o.size().side() * Math.min(width, height);
        double half = side / 2;
        double cx = (o.placement().centreX() + o.dx()) * width;
        double cy = (o.placement().centreY() + o.dy()) * height;
        int x0 = Math.max(0, (int) Math.floor(cx - half) - 1);
        int x1 = Math.min(width - 1, (int) Math.ceil(cx + half) + 1);
        int y0 = Math.max(0, (int) Math.floor(cy - half) - 1);
        int y1 = Math.min(height - 1, (int) Math.ceil(cy + half) + 1);
        double[] colour = {o.colour().r(), o.colour().g(), o.colour().b()};
        int n = SUPERSAMPLING;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                int inside = 0;
                for (int sy = 0; sy < n; sy++) {
                    double v = (y + (sy + 0.5) / n - cy) / half;
                    for (int sx = 0; sx < n; sx++) {
                        double u = (x + (sx + 0.5) / n - cx) / half;
                        if (o.shape().contains(u, v)) {
                            inside++;
                        }
                    }
                }
                if (inside == 0) {
                    continue;
                }
                double a = inside / (double) (n * n);
                int i = (y * width + x) * 3;
                for (int ch = 0; ch < 3; ch++) {
                    px[i + ch] = px[i + ch] * (1 - a) + colour[ch] * a;
                }
            }
        }
    }
}
