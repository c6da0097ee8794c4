package dev.seedframe.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * Where the SQLite driver's native library is loaded from. Left alone, sqlite-jdbc copies it out of its jar
 * into the temporary folder under a new random name in every process ({@code sqlite-VERSION-UUID-...}, with
 * a {@code .lck} beside it) and deletes the copy only on a normal exit: every killed or crashed run leaves
 * 1 MB behind for good (its clean-up spares copies whose lock file remains). Seedframe instead extracts it
 * once per driver version into its cache folder and points the driver there ({@code org.sqlite.lib.path},
 * {@code org.sqlite.lib.name}); every later run loads that copy and extracts nothing.
 */
public final class SqliteNativeLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);

    private SqliteNativeLibrary() {}

    /**
     * Extracts the library into {@code cacheDir/VERSION/OS/ARCH/} unless an identical copy is there, and tells
     * the driver to load it. Call before the first connection. Does nothing when the user chose a library
     * ({@code org.sqlite.lib.path} set); when the folder cannot be written the driver does as it always did.
     *
     * @return the library file in use, or null when the driver's own way is left in place
     */
    public static synchronized Path useCache(Path cacheDir) {
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return null;
        }
        String name = libraryName();
        String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null; // not a platform the jar carries a library for: the driver explains
            }
            byte[] bytes = in.readAllBytes();
            Path folder = cacheDir.resolve(SQLiteJDBCLoader.getVersion())
                    .resolve(OSInfo.getNativeLibFolderPathForCurrentOS());
            Path lib = folder.resolve(name);
            if (!sameBytes(lib, bytes)) {
                Files.createDirectories(folder);
                // under a name of its own, then renamed: a process loading the library never sees half of it
                Path tmp = folder.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
                try {
                    Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                    tmp.toFile().setExecutable(true, false);
                    try {
                        Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            System.setProperty("org.sqlite.lib.path", folder.toString());
            System.setProperty("org.sqlite.lib.name", name);
            return lib;
        } catch (IOException | SecurityException e) {
            LOG.debug("the SQLite library stays with the driver's own extraction: {}", e.getMessage());
            return null;
        }
    }

    /** The driver's file name for this OS: libsqlitejdbc.so, libsqlitejdbc.dylib, sqlitejdbc.dll. */
    private static String libraryName() {
        return System.mapLibraryName("sqlitejdbc");
    }

    private static boolean sameBytes(Path file, byte[] bytes) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == bytes.length
                    && Arrays.equals(Files.readAllBytes(file), bytes);
        } catch (IOException e) {
            return false;
        }
    }
}
