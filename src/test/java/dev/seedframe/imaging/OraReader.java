package dev.seedframe.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads an OpenRaster file back as an application opening it would, checking what the baseline specification
 * requires on the way: {@code mimetype} first, stored, {@code image/openraster}; {@code stack.xml} with an {@code
 * image} of positive {@code w}, {@code h} and a {@code version}; every layer's {@code src} present as a PNG; a
 * {@code mergedimage.png} of the image's size; a thumbnail of at most 256×256. Layer PNGs are decoded by ImageIO,
 * independently of Seedframe's own encoder.
 */
public final class OraReader {

    /** A layer as read: its attributes and decoded ARGB pixels. */
    public record Layer(String name, String src, int x, int y, double opacity, String visibility, BufferedImage png) {}

    /** A file as read; {@code layers} uppermost first, as stack.xml lists them. */
    public record Ora(int width, int height, String version, List<Layer> layers, BufferedImage merged,
            BufferedImage thumbnail, List<String> entryNames) {}

    private OraReader() {}

    public static Ora read(byte[] ora) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(ora), StandardCharsets.UTF_8)) {
            ZipEntry e;
            boolean first = true;
            while ((e = zip.getNextEntry()) != null) {
                byte[] data = zip.readAllBytes();
                if (first) {
                    assertEquals("mimetype", e.getName(), "mimetype is the first entry");
                    assertEquals(ZipEntry.STORED, e.getMethod(), "mimetype is stored, not compressed");
                    assertEquals("image/openraster", new String(data, StandardCharsets.US_ASCII));
                    first = false;
                }
                names.add(e.getName());
                entries.put(e.getName(), data);
            }
        }
        // the mimetype must also be readable at a fixed offset (file magic): "mimetype" at 30, its text at 38
        assertEquals("mimetypeimage/openraster", new String(ora, 30, 24, StandardCharsets.US_ASCII));
        byte[] stack = entries.get("stack.xml");
        assertNotNull(stack, "stack.xml");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(stack));
        Element image = doc.getDocumentElement();
        assertEquals("image", image.getTagName());
        int w = Integer.parseInt(image.getAttribute("w"));
        int h = Integer.parseInt(image.getAttribute("h"));
        assertTrue(w > 0 && h > 0);
        assertTrue(!image.getAttribute("version").isEmpty(), "the image element names its version");
        NodeList stacks = image.getElementsByTagName("stack");
        assertTrue(stacks.getLength() >= 1, "a root stack");
        List<Layer> layers = new ArrayList<>();
        NodeList ls = ((Element) stacks.item(0)).getElementsByTagName("layer");
        for (int i = 0; i < ls.getLength(); i++) {
            Element l = (Element) ls.item(i);
            String src = l.getAttribute("src");
            byte[] png = entries.get(src);
            assertNotNull(png, "the layer file " + src);
            layers.add(new Layer(l.getAttribute("name"), src, intOr(l, "x"), intOr(l, "y"),
                    l.hasAttribute("opacity") ? Double.parseDouble(l.getAttribute("opacity")) : 1.0,
                    l.hasAttribute("visibility") ? l.getAttribute("visibility") : "visible", decode(png)));
        }
        BufferedImage merged = decode(entries.get("mergedimage.png"));
        assertEquals(w, merged.getWidth());
        assertEquals(h, merged.getHeight());
        BufferedImage thumb = decode(entries.get("Thumbnails/thumbnail.png"));
        assertTrue(thumb.getWidth() <= 256 && thumb.getHeight() <= 256, "thumbnail at most 256×256");
        return new Ora(w, h, image.getAttribute("version"), layers, merged, thumb, names);
    }

    private static int intOr(Element e, String name) {
        return e.hasAttribute(name) ? Integer.parseInt(e.getAttribute(name)) : 0;
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        assertNotNull(png);
        BufferedImage bi = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(bi, "a PNG");
        return bi;
    }
}
