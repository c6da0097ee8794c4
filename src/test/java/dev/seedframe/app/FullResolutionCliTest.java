package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.ImageImport;
import dev.seedframe.imaging.MaskEdits;
import dev.seedframe.imaging.OraReader;
import dev.seedframe.imaging.Png;
import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Pictures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bringing a designer's own picture in and editing it at its own size through the command line, on the tiny
 * model: a 3000×2000 JPEG imported, inpainted twice with no size options (the model works on the small cut-out),
 * every unmasked pixel kept, each edit a layer, the project replayed identically by a fresh process, the layers
 * exported flattened and as OpenRaster; img2img and outpaint of odd sizes keep the picture's size; and every bad
 * input is refused with its reason, nothing lost.
 */
@Tag("e2e")
class FullResolutionCliTest {

    @TempDir
    Path tmp;

    static void ok(CliRunner.Result r) {
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    static void refused(CliRunner.Result r, String message) {
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(message), "expected '" + message + "' in " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    static BufferedImage photo(int w, int h) {
        return Pictures.photo(w, h);
    }

    static Path maskFile(Path p, Mask m) throws Exception {
        ImageFiles.writeAtomically(p, Png.encode(m, Map.of()));
        return p;
    }

    @Test
    void aLargePhotoIsImportedInpaintedAtItsOwnSizeLayeredAndReplayedIdentically() throws Exception {
        Path jpg = tmp.resolve("poster.jpg");
        ImageIO.write(photo(3000, 2000), "jpeg", jpg.toFile());
        RgbImage poster = ImageImport.read(jpg).image();
        Path project = tmp.resolve("poster.seedframe");
        CliRunner.Result imp = CliRunner.inProcess("import", "--project", project.toString(), jpg.toString());
        ok(imp);
        assertTrue(imp.out().contains("imported poster.jpg as #1 (jpeg, 3000x2000)"), imp.out());

        // the tiger: a rectangle with 20 px of context, a box the model works on scaled (up, to its smallest area)
        Mask tiger = MaskEdits.rectangle(Mask.empty(3000, 2000), 1400, 900, 60, 40, MaskEdits.Op.ADD);
        Path out = tmp.resolve("rabbit.png");
        CliRunner.Result inpaint = CliRunner.inProcess("inpaint", "--image", jpg.toString(), "--mask",
                maskFile(tmp.resolve("tiger.png"), tiger).toString(), "--prompt", "一只可爱的白色兔子,抱着胡萝卜",
                "--seed", "42", "--steps", "2", "--context", "20", "--project", project.toString(), "--parent", "1",
                "--out", out.toString());
        ok(inpaint);
        assertTrue(inpaint.err().contains("note: Full resolution: the 100×80 box at 1380,880 was worked on at 288×232"
                + " (Lanczos) and pasted back into the 3000×2000 image at its own size"), inpaint.err());
        RgbImage rabbit = ImageFiles.read(out).image();
        assertEquals(3000, rabbit.width());
        assertEquals(2000, rabbit.height());
        assertKeptOutside(poster, rabbit, tiger);

        // a second edit of the result, default context: the box is worked on at its own pixels
        Mask carrot = MaskEdits.lasso(Mask.empty(3000, 2000), new double[] {200, 336, 260}, new double[] {200, 240,
            336}, MaskEdits.Op.ADD);
        Path out2 = tmp.resolve("carrot.png");
        CliRunner.Result second = CliRunner.inProcess("inpaint", "--image", out.toString(), "--mask",
                maskFile(tmp.resolve("carrot-mask.png"), carrot).toString(), "--prompt", "a carrot", "--seed", "42",
                "--steps", "2", "--project", project.toString(), "--parent", "2", "--out", out2.toString());
        ok(second);
        assertTrue(second.err().contains("was worked on at its own pixels"), second.err());
        RgbImage both = ImageFiles.read(out2).image();
        assertKeptOutside(rabbit, both, carrot);

        // each edit is a layer holding only its region, over the imported picture
        CliRunner.Result layers = CliRunner.inProcess("layers", "--project", project.toString(), "--generation", "3");
        ok(layers);
        assertTrue(layers.out().contains("#3: 2 layers over #1 (import, 3000x2000)"), layers.out());
        assertTrue(layers.out().contains("#2    inpaint  shown  opacity 1.00  60x40 at 1400,900, feathered edge"),
                layers.out());

        // the flattened layers are the last edit's picture (within one level where a feather blends)
        Path flat = tmp.resolve("flat.png");
        ok(CliRunner.inProcess("export", "--project", project.toString(), "--generation", "3", "--flatten", "--out",
                flat.toString()));
        assertTrue(maxDiff(both, ImageFiles.read(flat).image()) <= 1);
        Path ora = tmp.resolve("poster.ora");
        ok(CliRunner.inProcess("export", "--project", project.toString(), "--generation", "3", "--ora", "--out",
                ora.toString()));
        OraReader.Ora read = OraReader.read(Files.readAllBytes(ora));
        assertEquals(3, read.layers().size());
        assertEquals(1400, read.layers().get(1).x());
        assertEquals(900, read.layers().get(1).y());
        assertEquals(3000, read.layers().get(2).png().getWidth());

        // hiding the first edit shows the photo again where only it had painted
        ok(CliRunner.inProcess("layers", "--project", project.toString(), "--generation", "3", "--hide", "2"));
        ok(CliRunner.inProcess("export", "--project", project.toString(), "--generation", "3", "--flatten", "--out",
                flat.toString()));
        RgbImage hidden = ImageFiles.read(flat).image();
        assertEquals(poster.rgbAt(1430, 920), hidden.rgbAt(1430, 920));
        assertTrue(maxDiff(both, hidden) > 1);

        // a fresh process reopens the project and replays the import and both edits to the same pixels
        CliRunner.Result replay = CliRunner.subprocess(tmp, "replay", "--project", project.toString(), "--all",
                "--verify");
        assertEquals(0, replay.exit(), replay.toString());
        assertTrue(replay.out().contains("3 replayed, 3 identical"), replay.out());
    }

    static void assertKeptOutside(RgbImage before, RgbImage after, Mask mask) {
        Pictures.assertKeptOutside(before, after, mask);
    }

    static int maxDiff(RgbImage a, RgbImage b) {
        return dev.seedframe.service.ImageCompare.maxDiff(a, b);
    }

    @Test
    void img2imgAndOutpaintOfSizesTheModelDoesNotMakeKeepThePicturesSize() throws Exception {
        Path in = tmp.resolve("odd.png");
        ImageIO.write(photo(100, 60), "png", in.toFile());
        RgbImage src = ImageFiles.read(in).image();
        Path project = tmp.resolve("odd.seedframe");
        Path i2i = tmp.resolve("i2i.png");
        CliRunner.Result r = CliRunner.inProcess("img2img", "--image", in.toString(), "--prompt", "a painting",
                "--strength", "0.7", "--seed", "3", "--steps", "2", "--project", project.toString(), "--out",
                i2i.toString());
        ok(r);
        assertTrue(r.err().contains("note: Full resolution: the 100×60 box at 0,0 was worked on at"), r.err());
        assertEquals(100, ImageFiles.read(i2i).image().width());
        assertEquals(60, ImageFiles.read(i2i).image().height());

        // a canvas beyond the model's area budget: worked on at the model's size, the amount not rounded
        Path landscape = tmp.resolve("landscape.png");
        ImageIO.write(photo(600, 400), "png", landscape.toFile());
        RgbImage land = ImageFiles.read(landscape).image();
        Path taller = tmp.resolve("taller.png");
        CliRunner.Result o = CliRunner.inProcess("outpaint", "--image", landscape.toString(), "--top", "301",
                "--prompt", "sky", "--seed", "4", "--steps", "2", "--strength", "0.5", "--project", project.toString(),
                "--out",
                taller.toString());
        ok(o);
        assertTrue(o.err().contains("note: Full resolution: the 600×701 box at 0,0 was worked on at"), o.err());
        RgbImage t = ImageFiles.read(taller).image();
        assertEquals(600, t.width());
        assertEquals(701, t.height(), "the amount is not rounded");
        for (int y = 40; y < 400; y++) {
            for (int x = 0; x < 600; x++) { // beyond the seam the source stays, bit for bit
                assertEquals(land.rgbAt(x, y), t.rgbAt(x, y + 301), "source pixel " + x + "," + y);
            }
        }
        CliRunner.Result replay = CliRunner.inProcess("replay", "--project", project.toString(), "--all", "--verify");
        assertEquals(0, replay.exit(), replay.toString());
        assertTrue(replay.out().contains("2 replayed, 2 identical"), replay.out());
    }

    @Test
    void aCutOutsTransparencyIsItsMask() throws Exception {
        BufferedImage bi = photo(64, 48);
        BufferedImage argb = new BufferedImage(64, 48, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                boolean hole = x >= 20 && x < 44 && y >= 12 && y < 36;
                argb.setRGB(x, y, (hole ? 0 : 0xFF000000) | (bi.getRGB(x, y) & 0xffffff));
            }
        }
        Path in = tmp.resolve("cutout.png");
        ImageIO.write(argb, "png", in.toFile());
        Path out = tmp.resolve("filled.png");
        CliRunner.Result r = CliRunner.inProcess("inpaint", "--image", in.toString(), "--mask-from-alpha", "--prompt",
                "sky", "--seed", "1", "--steps", "2", "--out", out.toString());
        ok(r);
        Mask hole = MaskEdits.rectangle(Mask.empty(64, 48), 20, 12, 24, 24, MaskEdits.Op.ADD);
        assertKeptOutside(ImageImport.read(in).image(), ImageFiles.read(out).image(), hole);
    }

    @Test
    void badInputIsRefusedWithItsReasonAndNothingIsLost() throws Exception {
        Path project = tmp.resolve("p.seedframe");
        Path good = tmp.resolve("good.png");
        ImageIO.write(photo(100, 60), "png", good.toFile());
        ok(CliRunner.inProcess("import", "--project", project.toString(), good.toString()));
        byte[] png = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut.png");
        Files.write(cut, java.util.Arrays.copyOf(png, png.length / 2));
        Path text = tmp.resolve("notes.jpg");
        Files.writeString(text, "not a picture");
        Path huge = tmp.resolve("huge.png");
        Files.write(huge, dev.seedframe.imaging.ImageImportTest.pngHeaderOnly(20000, 20000));
        CliRunner.Result r = CliRunner.inProcess("import", "--project", project.toString(), cut.toString(),
                text.toString(), huge.toString(), tmp.resolve("missing.png").toString(), good.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("error: cut.png is damaged or cut short"), r.err());
        assertTrue(r.err().contains("error: notes.jpg is not an image Seedframe can read"), r.err());
        assertTrue(r.err().contains("error: huge.png is 20000×20000 pixels (400.0 megapixels); Seedframe imports"
                + " pictures of up to 100 megapixels"), r.err());
        assertTrue(r.err().contains("missing.png: file not found"), r.err());
        assertTrue(r.err().contains("4 of 5 files were not imported"), r.err());
        assertTrue(r.out().contains("imported good.png as #2"), "the good file still came in: " + r.out());
        CliRunner.Result history = CliRunner.inProcess("history", "--project", project.toString());
        assertEquals(3, history.out().strip().split("\n").length, "the header and the two imports: " + history.out());

        Path small = maskFile(tmp.resolve("small.png"), Mask.empty(32, 32));
        String out = tmp.resolve("o.png").toString();
        refused(CliRunner.inProcess("inpaint", "--image", good.toString(), "--mask", small.toString(), "--prompt", "x",
                "--out", out), "The mask is 32×32 but the image is 100×60; a mask must be the size of its image");
        Path m = maskFile(tmp.resolve("m.png"), MaskEdits.rectangle(Mask.empty(100, 60), 10, 10, 20, 20,
                MaskEdits.Op.ADD));
        refused(CliRunner.inProcess("inpaint", "--image", good.toString(), "--mask", m.toString(), "--prompt", "x",
                "--raw", "--context", "40", "--out", out), "--context works on the image at its own size");
        refused(CliRunner.inProcess("inpaint", "--image", good.toString(), "--mask", m.toString(), "--prompt", "x",
                "--context", "-1", "--out", out), "--context must be 0 pixels or more");
        refused(CliRunner.inProcess("inpaint", "--image", good.toString(), "--mask-from-alpha", "--prompt", "x",
                "--out", out), "--mask-from-alpha: good.png has no transparent pixels");
        refused(CliRunner.inProcess("export", "--project", project.toString(), "--generation", "1", "--ora", "--out",
                tmp.resolve("x.png").toString()), "--out must name a .ora file");
        refused(CliRunner.inProcess("export", "--project", project.toString(), "--generation", "1", "--mask", "--out",
                tmp.resolve("x.png").toString()), "#1 has no mask");
        refused(CliRunner.inProcess("export", "--project", project.toString(), "--starred", "--dir", tmp.toString()),
                "no node is starred");
        refused(CliRunner.inProcess("layers", "--project", project.toString(), "--generation", "1", "--hide", "2"),
                "#2 is not a layer of #1");
        assertFalse(Files.exists(Path.of(out)), "nothing half-done was written");
    }
}
