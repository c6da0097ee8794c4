package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.seedframe.domain.RgbImage;
import org.junit.jupiter.api.Test;

class ImageCacheTest {

    private static RgbImage image(int side) {
        return new RgbImage(side, side, new byte[side * side * 3]);
    }

    @Test
    void evictsTheLeastRecentlyUsedImagesByBytesNotByCount() {
        ImageCache cache = new ImageCache(3L * 100 * 100 * 3); // room for three 100² images
        cache.put("a", image(100));
        cache.put("b", image(100));
        cache.put("c", image(100));
        assertNotNull(cache.get("a")); // a is now the most recently used
        cache.put("d", image(100));
        assertNull(cache.get("b"), "the least recently used goes first");
        assertNotNull(cache.get("a"));
        assertEquals(3, cache.size());
        assertEquals(3L * 100 * 100 * 3, cache.bytes());

        cache.put("big", image(200)); // 4× the bytes of a 100² image: everything else leaves
        assertEquals(1, cache.size(), "the newest image is kept even when it alone exceeds the bound");
        assertNotNull(cache.get("big"));
        assertEquals(200L * 200 * 3, cache.bytes());
    }

    @Test
    void replacingAnEntryCountsItsBytesOnce() {
        ImageCache cache = new ImageCache(1 << 20);
        cache.put("a", image(100));
        cache.put("a", image(50));
        assertEquals(50L * 50 * 3, cache.bytes());
        cache.clear();
        assertEquals(0, cache.bytes());
        assertEquals(0, cache.size());
    }

    @Test
    void refusesANonPositiveBound() {
        assertThrows(IllegalArgumentException.class, () -> new ImageCache(0));
    }
}
