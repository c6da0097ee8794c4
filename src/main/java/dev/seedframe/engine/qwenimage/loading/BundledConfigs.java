package dev.seedframe.engine.qwenimage.loading;

import dev.seedframe.engine.weights.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The small files of {@code Qwen/Qwen-Image} that a single file lacks, shipped inside Seedframe (Apache-2.0, see
 * NOTICE): {@code model_index.json}, the transformer's, text encoder's and VAE's {@code config.json}, the scheduler's
 * config and the Qwen2.5-VL tokenizer ({@code vocab.json}, {@code merges.txt}, {@code tokenizer_config.json} with the
 * model's 22 added tokens). They are written once, as a diffusers-layout folder without weights, into the engine's
 * cache folder (a folder per content hash, written beside it and moved into place, so a half-written copy is never
 * used), and read from there like any model folder.
 */
final class BundledConfigs {

    static final String RESOURCE_ROOT = "/dev/seedframe/engine/qwenimage/qwen-image/";

    /** Every bundled file, relative to the pipeline folder. */
    static final List<String> FILES = List.of("model_index.json", "transformer/config.json", "text_encoder/config.json",
            "vae/config.json", "scheduler/scheduler_config.json", "tokenizer/vocab.json", "tokenizer/merges.txt",
            "tokenizer/tokenizer_config.json");

    /** How messages and identities name the bundled files. */
    static final String SOURCE = "bundled:Qwen/Qwen-Image";

    private BundledConfigs() {}

    /** The folder holding the bundled files under {@code cacheDir}, written now if it is not there yet. */
    static Path folder(Path cacheDir) throws WeightsException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        MessageDigest md = sha256();
        for (String f : FILES) {
            try (InputStream in = BundledConfigs.class.getResourceAsStream(RESOURCE_ROOT + f)) {
                if (in == null) {
                    throw new WeightsException("Seedframe's bundled Qwen-Image file " + f + " is missing from the"
                            + " application; reinstall Seedframe");
                }
                byte[] bytes = in.readAllBytes();
                files.put(f, bytes);
                md.update(f.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(bytes);
            } catch (IOException e) {
                throw new WeightsException("Cannot read Seedframe's bundled file " + f + ": " + e.getMessage(), e);
            }
        }
        Path dir = cacheDir.resolve("qwen-image-configs-" + HexFormat.of().formatHex(md.digest()).substring(0, 16));
        if (Files.isRegularFile(dir.resolve(FILES.get(FILES.size() - 1)))) {
            return dir;
        }
        Path tmp = null;
        try {
            Files.createDirectories(cacheDir);
            tmp = Files.createTempDirectory(cacheDir, "qwen-image-configs-writing-");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path out = tmp.resolve(e.getKey());
                Files.createDirectories(out.getParent());
                Files.write(out, e.getValue());
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir);
            }
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            // another process wrote the same content first
        } catch (IOException e) {
            if (!Files.isRegularFile(dir.resolve(FILES.get(FILES.size() - 1)))) {
                throw new WeightsException("Cannot write Seedframe's bundled Qwen-Image configs into " + cacheDir + ": "
                        + e.getMessage(), e);
            }
        } finally {
            deleteQuietly(tmp);
        }
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover temporary folder in the cache is harmless
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
