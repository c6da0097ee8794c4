package dev.seedframe.engine.qwenimage.loading;

import ai.djl.ndarray.NDManager;
import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.qwenimage.vae.LatentRgbFit;
import dev.seedframe.engine.qwenimage.vae.LatentRgbProjection;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a VAE's {@link LatentRgbProjection} is kept, by the VAE's identity (its config's SHA-256 and its weights
 * fingerprint) and the fit's {@link LatentRgbFit#VERSION}: shipped with Seedframe for the embedded models (resources under {@value #RESOURCES}), else in
 * Seedframe's cache folder ({@code latent-rgb/}), else fitted now ({@link LatentRgbFit}) and written there for the
 * next time. A damaged cached file is fitted again and replaced.
 */
public final class LatentRgbProjections {

    /** Shipped projections, one file per VAE key. */
    static final String RESOURCES = "/dev/seedframe/engine/qwenimage/latent-rgb/";

    private static final Logger LOG = LoggerFactory.getLogger(LatentRgbProjections.class);

    private LatentRgbProjections() {}

    /** The file name of a VAE's projection: a hash of its config and weights identity and of the way it is fitted. */
    public static String key(ModelIdentity identity) {
        ComponentIdentity vae = identity.components().stream().filter(c -> c.name().equals("vae")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the model identity names no vae"));
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("vae\0" + vae.configSha256() + "\0" + vae.weightsFingerprint() + "\0" + LatentRgbFit.VERSION)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The projection of {@code vae} (identified by {@code identity}): shipped, cached, or fitted and cached. */
    public static LatentRgbProjection of(ModelIdentity identity, QwenImageVae vae, NDManager manager, Path cacheDir)
            throws EngineException {
        String key = key(identity);
        LatentRgbProjection shipped = shipped(key);
        if (shipped != null) {
            return shipped;
        }
        Path file = cacheDir.resolve("latent-rgb").resolve(key + ".json");
        if (Files.isRegularFile(file)) {
            try {
                return LatentRgbProjection.fromJson(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("The cached latent preview projection {} cannot be read ({}); fitting it again", file,
                        e.getMessage());
            }
        }
        LatentRgbFit.Fitted fitted = LatentRgbFit.fit(vae, manager);
        write(file, fitted);
        return fitted.projection();
    }

    /** The shipped projection for {@code key}, or null. */
    static LatentRgbProjection shipped(String key) {
        try (InputStream in = LatentRgbProjections.class.getResourceAsStream(RESOURCES + key + ".json")) {
            return in == null ? null : LatentRgbProjection.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("A shipped latent preview projection cannot be read: " + e.getMessage(), e);
        }
    }

    /** Writes the fit atomically; a cache that cannot be written only costs a fit next time. */
    private static void write(Path file, LatentRgbFit.Fitted fitted) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, fitted.projection().toJson(fitted.note()), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("The latent preview projection could not be cached in {}: {}", file.getParent(), e.getMessage());
        }
    }
}
