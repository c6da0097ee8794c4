package dev.seedframe.domain;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** SHA-256 helpers. */
public final class Hashes {

    private Hashes() {}

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(RgbImage.sha256Digest().digest(data));
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
