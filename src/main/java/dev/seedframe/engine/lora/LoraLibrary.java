package dev.seedframe.engine.lora;

import dev.seedframe.engine.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The LoRA files read so far, so that each is read and hashed once: what was found in a file (the LoRA, or why it is
 * refused) is kept by its path, size and modification time, and the file is read again only when its size or
 * modification time changed. Searching folders for a recorded LoRA's SHA-256 thus reads each file once, a file that
 * is no LoRA included. Owned by whoever opens models (the provider, or a model opened on its own) and shared by its
 * models; thread-safe.
 */
public final class LoraLibrary {

    /** What a file held at {@code size} and {@code modified}: the LoRA, or why it was refused. */
    private record Known(long size, long modified, LoraFile file, String refusal) {

        boolean at(BasicFileAttributes a) {
            return a.size() == size && a.lastModifiedTime().toMillis() == modified;
        }
    }

    private final Map<Path, Known> files = new HashMap<>();

    /**
     * The LoRA file at {@code path}, read and checked once ({@link LoraFile#open}).
     *
     * @throws InvalidRequestException as {@link LoraFile#open} does; the refusal is kept too, while the file is as it
     *     was
     */
    public LoraFile open(Path path) throws InvalidRequestException {
        Path key = path.toAbsolutePath().normalize();
        BasicFileAttributes before = attributes(key);
        if (before != null) {
            Known known;
            synchronized (files) {
                known = files.get(key);
            }
            if (known != null && known.at(before)) {
                if (known.file() != null) {
                    return known.file();
                }
                throw new InvalidRequestException(known.refusal());
            }
        }
        try {
            LoraFile read = LoraFile.open(key);
            remember(key, before, read, null);
            return read;
        } catch (InvalidRequestException e) {
            remember(key, before, null, e.getMessage());
            throw e;
        }
    }

    /** Keeps what was found under the attributes seen before reading (a file changed meanwhile is read again). */
    private void remember(Path key, BasicFileAttributes before, LoraFile file, String refusal) {
        if (before == null) {
            return; // nothing there to know it by (a missing file is looked at again each time)
        }
        synchronized (files) {
            files.put(key, new Known(before.size(), before.lastModifiedTime().toMillis(), file, refusal));
        }
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isRegularFile() ? a : null;
        } catch (IOException e) {
            return null;
        }
    }
}
