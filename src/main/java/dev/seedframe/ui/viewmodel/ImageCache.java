package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.RgbImage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded images by content hash, least recently used evicted first, bounded by their pixel bytes rather
 * than their count (a history of 1328² images would otherwise hold gigabytes). An evicted image is read
 * back from the project when it is needed again. The most recent image is always kept, whatever its size.
 */
final class ImageCache {

    private final long capacityBytes;
    private final Map<String, RgbImage> images = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    ImageCache(long capacityBytes) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
    }

    RgbImage get(String sha) {
        return images.get(sha);
    }

    void put(String sha, RgbImage image) {
        RgbImage old = images.put(sha, image);
        bytes += bytesOf(image) - (old == null ? 0 : bytesOf(old));
        Iterator<RgbImage> eldestFirst = images.values().iterator();
        while (bytes > capacityBytes && eldestFirst.hasNext()) {
            RgbImage eldest = eldestFirst.next();
            if (eldest == image) {
                continue;
            }
            bytes -= bytesOf(eldest);
            eldestFirst.remove();
        }
    }

    void clear() {
        images.clear();
        bytes = 0;
    }

    int size() {
        return images.size();
    }

    long bytes() {
        return bytes;
    }

    private static long bytesOf(RgbImage i) {
        return 3L * i.width() * i.height();
    }
}
