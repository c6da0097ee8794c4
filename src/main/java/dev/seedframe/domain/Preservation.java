package dev.seedframe.domain;

/**
 * Proof that an edit left the pixels outside its mask untouched: the SHA-256 of those pixels in the
 * source and in the result.
 *
 * @param pixelsKept pixels outside the mask and its feather band
 * @param sourceSha256 hash of those pixels in the source image
 * @param resultSha256 hash of the same pixels in the result
 */
public record Preservation(long pixelsKept, String sourceSha256, String resultSha256) {

    public boolean identical() {
        return sourceSha256.equals(resultSha256);
    }
}
