package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.ImportedFile;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.OraReader;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's layers recompose its picture: toggling and fading them changes exactly the pixels they cover, checked
 * one by one, and the flattened, OpenRaster, batch and mask exports carry what the stack shows. Real SQLite; the
 * edits are recorded with their layers as the generation path records them (no model runs here).
 */
class LayerStacksTest {

    @TempDir
    Path dir;

    SqliteProjectStore store;
    Project project;
    long base;
    long first;
    long second;
    RgbImage baseImage;
    LayerPixels red;

    @BeforeEach
    void threeNodes() throws Exception {
        store = SqliteProjectStore.create(dir.resolve("poster.seedframe"),
                StoreOptions.defaults().withActor("ada"));
        project = new Project(store);
        baseImage = Samples.noise(40, 30, 1);
        Mask alpha = Samples.mask(40, 30, 9);
        base = project.recordImport(baseImage, alpha, ImportedFile.of("poster.png", "png", new byte[] {1, 2, 3}),
                List.of());
        byte[] ramp = new byte[8 * 6];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (byte) (i * 5);
        }
        red = new LayerPixels(10, 10, RgbImage.filled(8, 6, 255, 0, 0), new Mask(8, 6, ramp));
        GenerationRequest inpaint = GenerationRequest.builder(PipelineKind.INPAINT).prompt("a rabbit").image(baseImage)
                .mask(Mask.empty(40, 30)).size(40, 30).build();
        first = recordEdit(inpaint, base, red);
        GenerationRequest i2i = GenerationRequest.builder(PipelineKind.IMAGE_TO_IMAGE).prompt("blue").size(40, 30)
                .image(baseImage).build();
        second = recordEdit(i2i, first, new LayerPixels(20, 0, RgbImage.filled(10, 30, 0, 0, 255), null));
    }

    private long recordEdit(GenerationRequest r, long parent, LayerPixels layer) throws Exception {
        return store.record(Samples.generation(r, parent, Samples.noise(40, 30, parent + 7), null), layer);
    }

    static int blend(int below, int over, float a) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int b = below >> shift & 0xff;
            int o = over >> shift & 0xff;
            int v = a == 0f ? b : a == 1f ? o : Math.round(b * (1f - a) + o * a);
            out |= v << shift;
        }
        return out;
    }

    /** The expected picture, computed pixel by pixel from the layers' definitions. */
    RgbImage expected(boolean redShown, double redOpacity, boolean blueShown, double blueOpacity) {
        byte[] px = new byte[40 * 30 * 3];
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                int c = baseImage.rgbAt(x, y);
                if (redShown && x >= 10 && x < 18 && y >= 10 && y < 16) {
                    c = blend(c, 0xFF0000, red.alphaAt(x - 10, y - 10) / 255f * (float) redOpacity);
                }
                if (blueShown && x >= 20 && x < 30) {
                    c = blend(c, 0x0000FF, (float) blueOpacity);
                }
                int i = (y * 40 + x) * 3;
                px[i] = (byte) (c >> 16);
                px[i + 1] = (byte) (c >> 8);
                px[i + 2] = (byte) c;
            }
        }
        return new RgbImage(40, 30, px);
    }

    @Test
    void theStackIsTheBaseAndOneLayerPerEditOfTheChain() throws Exception {
        LayerStacks.Stack s = LayerStacks.of(project, second);
        assertEquals(base, s.base().id());
        assertEquals(baseImage, s.baseImage());
        assertEquals(List.of(first, second), s.layers().stream().map(e -> e.generation().id()).toList());
        assertEquals(red, s.layers().get(0).pixels());
        assertEquals(expected(true, 1, true, 1), s.composite());
        assertEquals(List.of(first), LayerStacks.of(project, first).layers().stream().map(e -> e.generation().id())
                .toList());
        assertEquals(List.of(), LayerStacks.of(project, base).layers());
    }

    @Test
    void nodesInTheStudiosTrashCountAsDeletedAsTheProjectWillDeleteThem() throws Exception {
        LayerStacks.Stack middleGone = LayerStacks.of(project, second, java.util.Set.of(first));
        assertEquals(base, middleGone.base().id());
        assertEquals(List.of(second), middleGone.layers().stream().map(e -> e.generation().id()).toList());
        LayerStacks.Stack baseGone = LayerStacks.of(project, second, java.util.Set.of(base));
        assertEquals(first, baseGone.base().id(), "the first edit, a root once its base is gone, is the base");
        assertEquals(List.of(second), baseGone.layers().stream().map(e -> e.generation().id()).toList());
        assertThrows(IllegalArgumentException.class, () -> LayerStacks.of(project, first, java.util.Set.of(first)));

        project.delete(first);
        LayerStacks.Stack after = LayerStacks.of(project, second);
        assertEquals(after.base().id(), middleGone.base().id());
        assertEquals(after.layers().stream().map(e -> e.layer().id()).toList(),
                middleGone.layers().stream().map(e -> e.layer().id()).toList());
        assertEquals(after.composite(), middleGone.composite(), "the same picture as after the real delete");
    }

    @Test
    void hidingAndFadingLayersChangeExactlyThePixelsTheyCover() throws Exception {
        LayerStacks.Stack s = LayerStacks.of(project, second);
        RgbImage all = s.composite();
        project.setLayerVisible(s.layerOf(first).orElseThrow().layer().id(), false);
        RgbImage noRed = LayerStacks.of(project, second).composite();
        assertEquals(expected(false, 1, true, 1), noRed);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                boolean redOnly = x >= 10 && x < 18 && y >= 10 && y < 16 && red.alphaAt(x - 10, y - 10) > 0;
                if (redOnly) {
                    assertEquals(baseImage.rgbAt(x, y), noRed.rgbAt(x, y), "hidden: the base shows at " + x + "," + y);
                } else {
                    assertEquals(all.rgbAt(x, y), noRed.rgbAt(x, y), "untouched by the hidden layer: " + x + "," + y);
                }
            }
        }
        project.setLayerVisible(s.layerOf(first).orElseThrow().layer().id(), true);
        project.setLayerOpacity(s.layerOf(second).orElseThrow().layer().id(), 0.5);
        RgbImage half = LayerStacks.of(project, second).composite();
        assertEquals(expected(true, 1, true, 0.5), half);
        assertEquals(blend(baseImage.rgbAt(25, 5), 0x0000FF, 0.5f), half.rgbAt(25, 5));
        assertNotEquals(all, half);
        project.setLayerOpacity(s.layerOf(second).orElseThrow().layer().id(), 0.0);
        assertEquals(expected(true, 1, false, 1), LayerStacks.of(project, second).composite());
    }

    @Test
    void flattenedAndOpenRasterExportsShowTheStackAsItIs() throws Exception {
        project.setLayerOpacity(LayerStacks.of(project, second).layerOf(second).orElseThrow().layer().id(), 0.25);
        RgbImage shown = expected(true, 1, true, 0.25);
        Path flat = dir.resolve("flat.png");
        Exports.flattened(project, second, flat);
        assertEquals(shown, ImageFiles.read(flat).image());
        assertTrue(ImageFiles.read(flat).text().get("seedframe.flattened").contains("opacity 0.25"));
        Path ora = dir.resolve("poster.ora");
        Exports.openRaster(project, second, ora);
        OraReader.Ora r = OraReader.read(Files.readAllBytes(ora));
        assertEquals(40, r.width());
        assertEquals(List.of("#" + second + " img2img", "#" + first + " inpaint", "#" + base + " imported"),
                r.layers().stream().map(OraReader.Layer::name).toList());
        assertEquals(0.25, r.layers().get(0).opacity(), 1e-9);
        assertEquals(20, r.layers().get(0).x());
        assertEquals(10, r.layers().get(1).x());
        assertEquals(10, r.layers().get(1).y());
        assertEquals(red.alphaAt(3, 2), r.layers().get(1).png().getRGB(3, 2) >>> 24);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                assertEquals(shown.rgbAt(x, y), r.merged().getRGB(x, y) & 0xffffff);
            }
        }
    }

    @Test
    void starredNodesAreExportedAtOnceWithOrWithoutTheirDataAndNothingIsOverwritten() throws Exception {
        project.star(first, true);
        project.star(second, true);
        Path out = Files.createDirectory(dir.resolve("out"));
        List<Path> written = Exports.many(project, Exports.starred(project), out, true, false);
        assertEquals(List.of(out.resolve(String.format("poster-%04d.png", first)),
                out.resolve(String.format("poster-%04d.png", second))), written);
        assertTrue(ImageFiles.read(written.get(0)).text().get("seedframe") != null, "with its generation data");
        Path bare = Files.createDirectory(dir.resolve("bare"));
        List<Path> plain = Exports.many(project, List.of(first), bare, false, false);
        assertEquals(0, ImageFiles.read(plain.get(0)).text().entries().size(), "pixels only");
        assertEquals(project.load(first).output(), ImageFiles.read(plain.get(0)).image());
        byte[] before = Files.readAllBytes(written.get(1));
        Files.delete(written.get(0));
        assertThrows(FileAlreadyExistsException.class, () -> Exports.many(project, List.of(first, second), out, false,
                false));
        assertTrue(!Files.exists(written.get(0)), "a refused batch writes nothing");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(written.get(1))), "and overwrites nothing");
    }

    @Test
    void anImportsTransparencyGivesAMaskAndANodeWithoutOneSaysSo() throws Exception {
        Mask fromAlpha = ImageFiles.toMask(ImageFiles.decode(Exports.maskPng(project, base), "m").image());
        assertEquals(Masks.fromAlpha(Samples.mask(40, 30, 9)), fromAlpha);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Exports.maskPng(project, second));
        assertEquals("#" + second + " has no mask (it is img2img, neither an inpaint nor a picture imported with"
                + " transparency)", e.getMessage());
    }
}
