package dev.seedframe.testing;

import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.WeightsException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Access to the golden fixtures copied from {@code qwen-image-golden} (see
 * {@code src/test/resources/golden/FIXTURES-README.md}) and to the embedded tiny checkpoints in
 * {@code models/}.
 */
public final class Golden {

    private Golden() {}

    /** The repository root (set by surefire; falls back to the working directory). */
    public static Path repo() {
        String p = System.getProperty("seedframe.repo");
        return p != null ? Path.of(p) : Path.of("").toAbsolutePath();
    }

    /** The tiny Qwen-Image text-to-image pipeline folder (diffusers layout, f32 random weights). */
    public static Path tinyModel() {
        return repo().resolve("models").resolve("qwen-image-tiny");
    }

    /** The tiny Qwen-Image-Edit pipeline folder. */
    public static Path tinyEditModel() {
        return repo().resolve("models").resolve("qwen-image-edit-tiny");
    }

    public static Path dir() {
        return resourceDir("golden");
    }

    /** A folder of the test resources ({@code golden}, {@code lora}) on the class path. */
    public static Path resourceDir(String name) {
        URL url = Golden.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException(name + " fixtures missing from the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single-file fixtures ({@code src/test/resources/singlefile/README.md}). */
    public static Path singleFileDir() {
        return dir().getParent().resolve("singlefile");
    }

    public static Path caseDir(String name) {
        return dir().resolve("cases").resolve(name);
    }

    public static Path component(String file) {
        return dir().resolve("components").resolve(file);
    }

    /** Opens a reference tensor file; the caller closes it. */
    public static SafetensorsFile open(Path p) {
        try {
            return SafetensorsFile.open(p);
        } catch (WeightsException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static SafetensorsFile caseReference(String name) {
        return open(caseDir(name).resolve("reference.safetensors"));
    }

    public static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
