package dev.seedframe.service;

import dev.seedframe.imaging.ImageFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The libtorch {@code seedframe setup-gpu} installed, remembered as {@code libtorch.properties} beside the
 * recent-projects list so that later runs (command line and studio) load it. A damaged file, or a folder that is
 * gone, only means nothing is remembered.
 */
public final class LibtorchSetting {

    private static final String KEY = "libtorch";

    private final Path file;

    public LibtorchSetting(Path file) {
        this.file = file;
    }

    public static LibtorchSetting userDefault() {
        return new LibtorchSetting(RecentProjects.userDefault().sibling("libtorch.properties"));
    }

    public Path file() {
        return file;
    }

    /** The remembered folder holding libtorch's libraries, if it still holds them. */
    public Optional<Path> remembered() {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            String dir = p.getProperty(KEY);
            if (dir == null || dir.isBlank()) {
                return Optional.empty();
            }
            Path lib = Path.of(dir.strip());
            return Files.isRegularFile(lib.resolve(System.mapLibraryName("torch"))) ? Optional.of(lib) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void remember(Path libDir) throws IOException {
        Properties p = new Properties();
        p.setProperty(KEY, libDir.toAbsolutePath().normalize().toString());
        StringWriter w = new StringWriter();
        p.store(w, "the libtorch seedframe setup-gpu installed; PYTORCH_LIBRARY_PATH, when set, is used instead");
        Files.createDirectories(file.getParent());
        ImageFiles.writeAtomically(file, w.toString().getBytes(StandardCharsets.UTF_8));
    }
}
