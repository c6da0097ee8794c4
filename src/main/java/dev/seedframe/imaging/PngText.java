package dev.seedframe.imaging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Text chunks of a PNG file (tEXt, zTXt, iTXt), in file order; later duplicates win. */
public record PngText(Map<String, String> entries) {

    public PngText {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static PngText empty() {
        return new PngText(Map.of());
    }

    public String get(String key) {
        return entries.get(key);
    }
}
