package dev.seedframe.engine.lora;

import dev.seedframe.engine.InvalidRequestException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The LoRA files read so far, so that each is read and hashed once: a file is read again only when its size or
 * modification time changed. Owned by whoever opens models (the provider, or a model opened on its own) and shared by
 * its models; thread-safe.
 */
public final class LoraLibrary {

    private final Map<Path, LoraFile> files = new HashMap<>();

    /** The LoRA file at {@code path}, read and checked once ({@link LoraFile#open}). */
    public LoraFile open(Path path) throws InvalidRequestException {
        Path key = path.toAbsolutePath().normalize();
        synchronized (files) {
            LoraFile known = files.get(key);
            if (known != null && known.unchangedOnDisk()) {
                return known;
            }
        }
        LoraFile read = LoraFile.open(key);
        synchronized (files) {
            files.put(key, read);
        }
        return read;
    }
}
