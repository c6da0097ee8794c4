package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.Png;
import dev.seedframe.testing.CaseArgs;
import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5 through the command line: img2img, inpaint, outpaint on the tiny model. */
class InpaintCommandTest {

    @TempDir
    Path tmp;

    static int worstDiff(RgbImage a, RgbImage b) {
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        int worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs((x[i] & 0xff) - (y[i] & 0xff)));
        }
        return worst;
    }

    static RgbImage read(Path p) throws Exception {
        return ImageFiles.read(p).image();
    }

    @Tag("parity")
    @Test
    void img2imgReproducesTheReferencePng() throws Exception {
        CaseArgs a = CaseArgs.of("img2img");
        Path out = tmp.resolve("i2i.png");
        CliRunner.Result r = CliRunner.inProcess("img2img", "--image",
                Golden.caseDir("img2img").resolve("input.png").toString(), "--prompt", a.prompt(), "--strength",
                Double.toString(a.strength()), "--seed", Long.toString(a.seed()), "--steps",
                Integer.toString(a.steps()), "--cfg", Double.toString(a.cfg()), "--out", out.toString());
        assertEquals(0, r.exit(), r.toString());
        int worst = worstDiff(read(Golden.caseDir("img2img").resolve("output.png")), read(out));
        assertTrue(worst <= 1, "a pixel differs by " + worst);
    }

    @Tag("parity")
    @Test
    void rawInpaintReproducesTheReferencePng() throws Exception {
        CaseArgs a = CaseArgs.of("inpaint_rect");
        Path dir = Golden.caseDir("inpaint_rect");
        Path out = tmp.resolve("inpaint.png");
        CliRunner.Result r = CliRunner.inProcess("inpaint", "--image", dir.resolve("input.png").toString(), "--mask",
                dir.resolve("mask.png").toString(), "--raw", "--prompt", a.prompt(), "--strength",
                Double.toString(a.strength()), "--seed", Long.toString(a.seed()), "--steps",
                Integer.toString(a.steps()), "--cfg", Double.toString(a.cfg()), "--out", out.toString());
        assertEquals(0, r.exit(), r.toString());
        int worst = worstDiff(read(dir.resolve("output.png")), read(out));
        assertTrue(worst <= 1, "a pixel differs by " + worst);
    }

    /** An irregular mask: a disc, a ring and scattered blobs, with soft grey edges. */
    static Mask irregularMask(int w, int h, long seed) {
        byte[] v = new byte[w * h];
        Random rnd = new Random(seed);
        double[][] blobs = new double[6][3];
        for (double[] b : blobs) {
            b[0] = rnd.nextDouble() * w;
            b[1] = rnd.nextDouble() * h;
            b[2] = 3 + rnd.nextDouble() * 6;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = Math.hypot(x - w * 0.4, y - h * 0.45);
                double val = d < 10 ? 1 : (d < 12 ? (12 - d) / 2 : 0);
                if (Math.abs(d - 22) < 2) {
                    val = Math.max(val, 1);
                }
                for (double[] b : blobs) {
                    if (Math.hypot(x - b[0], y - b[1]) < b[2]) {
                        val = 1;
                    }
                }
                v[y * w + x] = (byte) Math.round(255 * val);
            }
        }
        return new Mask(w, h, v);
    }

    @Test
    void withoutRawEveryPixelOutsideTheMaskIsTheInputExactly() throws Exception {
        Path dir = Golden.caseDir("inpaint_rect");
        RgbImage input = read(dir.resolve("input.png"));
        for (long seed : new long[] {1, 2}) {
            Mask mask = irregularMask(input.width(), input.height(), seed);
            Path maskFile = tmp.resolve("mask" + seed + ".png");
            ImageFiles.writeAtomically(maskFile, Png.encode(mask, Map.of()));
            Path out = tmp.resolve("kept" + seed + ".png");
            CliRunner.Result r = CliRunner.inProcess("inpaint", "--image", dir.resolve("input.png").toString(),
                    "--mask", maskFile.toString(), "--prompt", "a yellow star", "--strength", "1", "--seed", "9",
                    "--steps", "3", "--feather", "4", "--out", out.toString());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.err().contains("Unmasked region unchanged"), r.err());
            RgbImage result = read(out);
            int kept = 0;
            int changedInside = 0;
            for (int y = 0; y < input.height(); y++) {
                for (int x = 0; x < input.width(); x++) {
                    if (mask.at(x, y) == 0) {
                        assertEquals(input.rgbAt(x, y), result.rgbAt(x, y), "pixel " + x + "," + y + " outside the mask");
                        kept++;
                    } else if (input.rgbAt(x, y) != result.rgbAt(x, y)) {
                        changedInside++;
                    }
                }
            }
            assertTrue(kept > 1000, "kept " + kept);
            assertTrue(changedInside > 100, "the masked region was not repainted: " + changedInside);
        }
    }

    @Test
    void outpaintTurnsALandscapeImageIntoAPortraitOneInOneStep() throws Exception {
        RgbImage src = cropLandscape(read(Golden.caseDir("img2img").resolve("input.png")));
        Path in = tmp.resolve("landscape.png");
        ImageFiles.writeAtomically(in, Png.encode(src, Map.of()));
        Path out = tmp.resolve("portrait.png");
        CliRunner.Result r = CliRunner.inProcess("outpaint", "--image", in.toString(), "--aspect", "9:16", "--prompt",
                "the sky above and the sea below", "--seed", "4", "--steps", "4", "--out", out.toString());
        assertEquals(0, r.exit(), r.toString());
        RgbImage result = read(out);
        assertTrue(result.height() > result.width(), result.width() + "x" + result.height());
        assertEquals(64, result.width());
        assertEquals(0, result.height() % 8);
        // beyond the overlap band the source's pixels are exactly the input's, where the plan placed it
        int top = dev.seedframe.engine.RequestSizes.outpaintExtents(src.width(), src.height(),
                dev.seedframe.engine.RequestSizes.outpaintToAspect(src.width(), src.height(), 9, 16), 8).top();
        int overlap = 16;
        int checked = 0;
        for (int y = overlap; y < src.height() - overlap; y++) {
            for (int x = 0; x < src.width(); x++) {
                assertEquals(src.rgbAt(x, y), result.rgbAt(x, y + top), "source pixel " + x + "," + y);
                checked++;
            }
        }
        assertTrue(checked > 0);
    }

    private static RgbImage cropLandscape(RgbImage img) {
        int w = 64;
        int h = 40;
        byte[] src = img.rgb();
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(src, (y + 12) * img.width() * 3, px, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, px);
    }

    static void assertClearError(CliRunner.Result r, String message) {
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(message), "expected '" + message + "' in " + r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void badInputsGetClearMessages() throws Exception {
        Path dir = Golden.caseDir("inpaint_rect");
        String img = dir.resolve("input.png").toString();
        Path small = tmp.resolve("small-mask.png");
        ImageFiles.writeAtomically(small, Png.encode(new Mask(32, 32, new byte[32 * 32]), Map.of()));
        Path empty = tmp.resolve("empty-mask.png");
        ImageFiles.writeAtomically(empty, Png.encode(Mask.empty(64, 64), Map.of()));
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "not an image");
        String out = tmp.resolve("o.png").toString();
        assertClearError(CliRunner.inProcess("inpaint", "--image", img, "--mask", small.toString(), "--prompt", "x",
                "--strength", "0.5", "--out", out), "The mask is 32×32 but the image is 64×64");
        assertClearError(CliRunner.inProcess("inpaint", "--image", img, "--mask", empty.toString(), "--prompt", "x",
                "--strength", "0.5", "--out", out), "The mask has nothing painted");
        assertClearError(CliRunner.inProcess("inpaint", "--image", text.toString(), "--mask", empty.toString(),
                "--prompt", "x", "--strength", "0.5", "--out", out), "notes.png is not an image");
        assertClearError(CliRunner.inProcess("img2img", "--image", img, "--prompt", "x", "--strength", "1.5",
                "--out", out), "strength must be greater than 0 and at most 1");
        assertClearError(CliRunner.inProcess("img2img", "--image", img, "--prompt", "x", "--strength", "0",
                "--out", out), "strength must be greater than 0 and at most 1");
        Path tiny = tmp.resolve("tiny.png");
        ImageFiles.writeAtomically(tiny, Png.encode(RgbImage.filled(4, 4, 1, 2, 3), Map.of()));
        assertClearError(CliRunner.inProcess("img2img", "--image", tiny.toString(), "--prompt", "x", "--strength",
                "0.5", "--width", "32", "--height", "32", "--out", out), "too small for this model");
        Path odd = tmp.resolve("odd.png");
        ImageFiles.writeAtomically(odd, Png.encode(RgbImage.filled(50, 30, 1, 2, 3), Map.of()));
        // a size the model does not make is edited at full resolution (FullResolutionCliTest); asked for, it is checked
        assertClearError(CliRunner.inProcess("img2img", "--image", odd.toString(), "--prompt", "x", "--strength",
                "0.5", "--width", "50", "--height", "30", "--out", out), "The width 50 is not a multiple of 8");
        Path wide = tmp.resolve("wide.png");
        ImageFiles.writeAtomically(wide, Png.encode(RgbImage.filled(8000, 8, 1, 2, 3), Map.of()));
        assertClearError(CliRunner.inProcess("img2img", "--image", wide.toString(), "--prompt", "x", "--strength",
                "0.5", "--out", out), "The image is 8000×8: a 8000×8 region is too narrow for the model");
        assertClearError(CliRunner.inProcess("img2img", "--image", wide.toString(), "--prompt", "x", "--strength",
                "0.5", "--width", "8000", "--out", out), "The output would be 8000×8 because the output takes the"
                + " image's size");
        assertClearError(CliRunner.inProcess("outpaint", "--image", img, "--prompt", "x", "--left", "100000",
                "--out", out), "The outpainted canvas would be");
        Path own = tmp.resolve("own.png");
        Files.copy(Path.of(img), own);
        byte[] before = Files.readAllBytes(own);
        assertClearError(CliRunner.inProcess("img2img", "--image", own.toString(), "--prompt", "x", "--strength",
                "0.5", "--out", own.toString()), "is also an input");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(own)), "the input is untouched");
        // a 3 GiB file (sparse) is refused by its size, before a byte is read; the same for import-png
        Path huge = tmp.resolve("huge.png");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        assertClearError(CliRunner.inProcess("img2img", "--image", huge.toString(), "--prompt", "x", "--strength",
                "0.5", "--out", out), "huge.png is 3072 MiB; the largest image file Seedframe reads is 1024 MiB");
        assertClearError(CliRunner.inProcess("import-png", "--project", tmp.resolve("i.seedframe").toString(),
                huge.toString()), "huge.png is 3072 MiB");
        Files.delete(huge);
    }
}
