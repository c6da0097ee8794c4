package dev.seedframe.domain;

import java.util.Objects;

/**
 * A picture file as it was imported into a project, kept byte for byte so that its pixels can be
 * decoded again from the project alone.
 *
 * @param name the file name (no folder), or a description such as "pasted image"
 * @param size its length in bytes
 * @param sha256 SHA-256 of its bytes, hex
 * @param format the format it was read as ("png", "jpeg", "webp", "tiff", "bmp", ...)
 * @param bytes the file's bytes
 */
public record ImportedFile(String name, long size, String sha256, String format, byte[] bytes) {

    public ImportedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(bytes, "bytes");
        if (size != bytes.length) {
            throw new IllegalArgumentException("an imported file of " + size + " bytes holds " + bytes.length);
        }
    }

    /** A file from its bytes; the size and hash are computed. */
    public static ImportedFile of(String name, String format, byte[] bytes) {
        return new ImportedFile(name, bytes.length, Hashes.sha256Hex(bytes), format, bytes);
    }
}
