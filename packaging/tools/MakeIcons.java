import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.GeneralPath;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws Seedframe's icons and writes every format the three platforms' packages need: PNGs (Linux,
 * 16 to 1024 px), ICO (Windows, PNG entries 16 to 256 px) and ICNS (macOS, PNG entries 16 to 1024 px),
 * for the application and for the {@code .seedframe} project file type. Drawn from geometry, so the
 * output is the same on every run; the results are committed in {@code assets/icons/}.
 *
 * <pre>java packaging/tools/MakeIcons.java assets/icons</pre>
 */
public final class MakeIcons {

    private static final int[] PNG_SIZES = {16, 24, 32, 48, 64, 128, 256, 512, 1024};
    private static final int[] ICO_SIZES = {16, 24, 32, 48, 64, 128, 256};
    /** ICNS entry types holding PNG data, by pixel size (the @2x types share sizes with the next one). */
    private static final Map<String, Integer> ICNS_TYPES = new LinkedHashMap<>();

    static {
        ICNS_TYPES.put("icp4", 16);
        ICNS_TYPES.put("icp5", 32);
        ICNS_TYPES.put("icp6", 64);
        ICNS_TYPES.put("ic07", 128);
        ICNS_TYPES.put("ic08", 256);
        ICNS_TYPES.put("ic09", 512);
        ICNS_TYPES.put("ic10", 1024);
        ICNS_TYPES.put("ic11", 32);
        ICNS_TYPES.put("ic12", 64);
        ICNS_TYPES.put("ic13", 256);
        ICNS_TYPES.put("ic14", 512);
    }

    private static final Color BG_TOP = new Color(0x2B, 0x31, 0x3B);
    private static final Color BG_BOTTOM = new Color(0x15, 0x19, 0x1F);
    private static final Color FRAME = new Color(0xE8, 0xE4, 0xD8);
    private static final Color LEAF = new Color(0x7B, 0xC6, 0x7E);
    private static final Color LEAF_DARK = new Color(0x3E, 0x8E, 0x4F);
    private static final Color SEED = new Color(0xE0, 0xA4, 0x58);

    private MakeIcons() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/icons");
        Files.createDirectories(out);
        write(out, "seedframe", MakeIcons::app);
        write(out, "seedframe-project", MakeIcons::document);
    }

    interface Painter {
        void paint(Graphics2D g, int size);
    }

    private static void write(Path dir, String name, Painter p) throws IOException {
        Map<Integer, byte[]> pngs = new LinkedHashMap<>();
        for (int s : PNG_SIZES) {
            pngs.put(s, png(render(p, s)));
            Files.write(dir.resolve(name + "-" + s + ".png"), pngs.get(s));
        }
        Files.write(dir.resolve(name + ".png"), pngs.get(256));
        Files.write(dir.resolve(name + ".ico"), ico(pngs));
        Files.write(dir.resolve(name + ".icns"), icns(pngs));
    }

    private static BufferedImage render(Painter p, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        p.paint(g, size);
        g.dispose();
        return img;
    }

    /** The application: a picture frame on a dark tile, a seed sprouting two leaves inside it. */
    private static void app(Graphics2D g, int s) {
        double m = s * 0.04;
        double w = s - 2 * m;
        g.setPaint(new GradientPaint(0, (float) m, BG_TOP, 0, (float) (s - m), BG_BOTTOM));
        g.fill(new RoundRectangle2D.Double(m, m, w, w, w * 0.22, w * 0.22));
        emblem(g, s / 2.0, s / 2.0, w * 0.78, true);
    }

    /** The project file: a page with a folded corner, the emblem on it. */
    private static void document(Graphics2D g, int s) {
        double left = s * 0.16;
        double right = s * 0.84;
        double top = s * 0.04;
        double bottom = s * 0.96;
        double fold = s * 0.2;
        Path2D page = new Path2D.Double();
        page.moveTo(left, top);
        page.lineTo(right - fold, top);
        page.lineTo(right, top + fold);
        page.lineTo(right, bottom);
        page.lineTo(left, bottom);
        page.closePath();
        g.setColor(new Color(0xF4, 0xF2, 0xEC));
        g.fill(page);
        g.setColor(new Color(0x9A, 0x96, 0x8C));
        g.setStroke(new BasicStroke((float) Math.max(1, s * 0.015)));
        g.draw(page);
        Path2D corner = new Path2D.Double();
        corner.moveTo(right - fold, top);
        corner.lineTo(right - fold, top + fold);
        corner.lineTo(right, top + fold);
        corner.closePath();
        g.setColor(new Color(0xD6, 0xD2, 0xC6));
        g.fill(corner);
        g.setColor(new Color(0x9A, 0x96, 0x8C));
        g.draw(corner);
        double tile = (right - left) * 0.78;
        double cx = (left + right) / 2;
        double cy = top + fold + (bottom - top - fold) * 0.48;
        g.setPaint(new GradientPaint(0, (float) (cy - tile / 2), BG_TOP, 0, (float) (cy + tile / 2), BG_BOTTOM));
        g.fill(new RoundRectangle2D.Double(cx - tile / 2, cy - tile / 2, tile, tile, tile * 0.2, tile * 0.2));
        emblem(g, cx, cy, tile * 0.8, s >= 32);
    }

    /** The frame with the sprouting seed, centred on (cx, cy), {@code w} wide. */
    private static void emblem(Graphics2D g, double cx, double cy, double w, boolean detailed) {
        double half = w / 2;
        double stroke = Math.max(1.2, w * 0.075);
        // frame: four corner brackets, as a viewfinder
        g.setColor(FRAME);
        g.setStroke(new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double arm = w * 0.3;
        double x0 = cx - half + stroke / 2;
        double y0 = cy - half + stroke / 2;
        double x1 = cx + half - stroke / 2;
        double y1 = cy + half - stroke / 2;
        bracket(g, x0, y0, arm, arm);
        bracket(g, x1, y0, -arm, arm);
        bracket(g, x0, y1, arm, -arm);
        bracket(g, x1, y1, -arm, -arm);
        // seed: an oval resting low in the frame
        double seedW = w * 0.3;
        double seedH = w * 0.2;
        double seedY = cy + w * 0.2;
        g.setColor(SEED);
        g.fill(new java.awt.geom.Ellipse2D.Double(cx - seedW / 2, seedY - seedH / 2, seedW, seedH));
        // stem
        g.setColor(LEAF_DARK);
        g.setStroke(new BasicStroke((float) Math.max(1, w * 0.05), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double stemTop = cy - w * 0.08;
        g.draw(new java.awt.geom.Line2D.Double(cx, seedY - seedH * 0.3, cx, stemTop));
        // two leaves
        leaf(g, cx, stemTop, w * 0.3, w * 0.14, -35, detailed);
        leaf(g, cx, stemTop, w * 0.3, w * 0.14, 180 + 35, detailed);
    }

    private static void bracket(Graphics2D g, double x, double y, double dx, double dy) {
        GeneralPath p = new GeneralPath();
        p.moveTo(x + dx, y);
        p.lineTo(x, y);
        p.lineTo(x, y + dy);
        g.draw(p);
    }

    /** A leaf from (x, y), {@code len} long, {@code wid} wide, pointing at {@code deg} degrees from the right. */
    private static void leaf(Graphics2D g, double x, double y, double len, double wid, double deg, boolean vein) {
        Path2D shape = new Path2D.Double();
        shape.moveTo(0, 0);
        shape.quadTo(len * 0.5, -wid, len, 0);
        shape.quadTo(len * 0.5, wid, 0, 0);
        shape.closePath();
        AffineTransform t = AffineTransform.getTranslateInstance(x, y);
        t.rotate(Math.toRadians(deg));
        g.setColor(LEAF);
        g.fill(t.createTransformedShape(shape));
        if (vein) {
            g.setColor(LEAF_DARK);
            g.setStroke(new BasicStroke((float) Math.max(0.6, wid * 0.12), BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND));
            g.draw(t.createTransformedShape(new java.awt.geom.Line2D.Double(0, 0, len * 0.8, 0)));
        }
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** An ICO file whose entries are PNGs (Windows Vista and later read them). */
    private static byte[] ico(Map<Integer, byte[]> pngs) {
        int n = ICO_SIZES.length;
        int offset = 6 + 16 * n;
        int total = offset;
        for (int s : ICO_SIZES) {
            total += pngs.get(s).length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 1).putShort((short) n);
        for (int s : ICO_SIZES) {
            byte[] data = pngs.get(s);
            b.put((byte) (s >= 256 ? 0 : s)).put((byte) (s >= 256 ? 0 : s)).put((byte) 0).put((byte) 0);
            b.putShort((short) 1).putShort((short) 32).putInt(data.length).putInt(offset);
            offset += data.length;
        }
        for (int s : ICO_SIZES) {
            b.put(pngs.get(s));
        }
        return b.array();
    }

    /** An ICNS file (big-endian type/length records) whose entries are PNGs. */
    private static byte[] icns(Map<Integer, byte[]> pngs) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        for (Map.Entry<String, Integer> e : ICNS_TYPES.entrySet()) {
            byte[] data = pngs.get(e.getValue());
            d.writeBytes(e.getKey());
            d.writeInt(8 + data.length);
            d.write(data);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(out);
        o.writeBytes("icns");
        o.writeInt(8 + body.size());
        o.write(body.toByteArray());
        return out.toByteArray();
    }
}
