package dev.seedframe.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A folder nothing can be written into, for the tests of read-only folders and files. Permissions do not stop
 * root (which CI runs as), so for root it is a read-only tmpfs mounted there (optionally holding copies of
 * some files); for anyone else the folder's write permission is taken away. Where neither works the test is
 * skipped, saying why.
 */
public final class ReadOnlyFolder implements AutoCloseable {

    private final Path path;
    private final boolean mounted;

    private ReadOnlyFolder(Path path, boolean mounted) {
        this.path = path;
        this.mounted = mounted;
    }

    /** A read-only folder at {@code dir} holding copies of {@code files}. */
    public static ReadOnlyFolder make(Path dir, Path... files) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        if (isRoot()) {
            if (run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", dir.toString()) != 0) {
                Assumptions.abort("running as root and cannot mount a tmpfs here: no read-only folder to test with");
            }
            for (Path f : files) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
            if (run("mount", "-o", "remount,ro", dir.toString()) != 0) {
                run("umount", "-l", dir.toString());
                Assumptions.abort("cannot remount a tmpfs read-only here");
            }
            return new ReadOnlyFolder(dir, true);
        }
        for (Path f : files) {
            Path copy = dir.resolve(f.getFileName());
            Files.copy(f, copy);
            copy.toFile().setWritable(false, false);
        }
        dir.toFile().setWritable(false, false);
        return new ReadOnlyFolder(dir, false);
    }

    public Path path() {
        return path;
    }

    static boolean isRoot() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (mounted) {
            run("umount", "-l", path.toString());
        } else {
            try (var s = Files.walk(path)) {
                s.forEach(p -> p.toFile().setWritable(true, true));
            }
        }
    }
}
