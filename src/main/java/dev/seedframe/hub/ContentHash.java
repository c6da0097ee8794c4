package dev.seedframe.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash a downloaded file is checked against, fed as the bytes arrive: SHA-256 for the Hub's LFS files (its
 * metadata lists each one's), git's blob SHA-1 for the small files kept in git (the Hub's {@code blobId} and
 * {@code ETag}: SHA-1 over {@code "blob <size>\0"} and the content), MD5 for an S3 ETag.
 */
final class ContentHash {

    private final MessageDigest digest;
    private final byte[] prefix;

    private ContentHash(String algorithm, byte[] prefix) {
        try {
            this.digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
        this.prefix = prefix;
        reset();
    }

    static ContentHash sha256() {
        return new ContentHash("SHA-256", new byte[0]);
    }

    /** Git's object id of a blob of {@code size} bytes. */
    static ContentHash gitBlob(long size) {
        return new ContentHash("SHA-1", ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
    }

    static ContentHash md5() {
        return new ContentHash("MD5", new byte[0]);
    }

    /** Starts over (a server that ignored a resume sends the file from its first byte). */
    void reset() {
        digest.reset();
        digest.update(prefix);
    }

    void update(ByteBuffer b) {
        digest.update(b);
    }

    /** Feeds the first {@code length} bytes of {@code file} (the part kept from an interrupted run). */
    void updateFrom(Path file, long length) throws IOException {
        if (length <= 0) {
            return;
        }
        byte[] buf = new byte[1 << 16];
        long left = length;
        try (InputStream in = Files.newInputStream(file)) {
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException(file + " is shorter than its " + length + " bytes");
                }
                digest.update(buf, 0, n);
                left -= n;
            }
        }
    }

    /** The hash so far, in lower-case hex (the digest can go on afterwards). */
    String hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's digests clone", e);
        }
    }
}
