package dev.seedframe.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * One studio per user: the first studio holds a lock file in the user's Seedframe folder and listens on
 * a loopback port; a second launch finds the lock taken and hands its project path (or just "come to the
 * front") to the running studio instead of opening another window.
 *
 * <p>Other local users can reach a loopback port but not the token: it is written, with the port, to a file
 * only the owner can read (POSIX mode 600; on Windows the user's {@code %APPDATA%} is private), and a
 * connection that does not present it is dropped without being read further. The lock is the OS's file
 * lock, released when the process ends however it ends, so a crashed studio leaves no stale claim.
 */
public final class SingleInstance implements AutoCloseable {

    static final String LOCK_FILE = "studio.lock";
    static final String INSTANCE_FILE = "studio.instance";
    private static final String HELLO = "SEEDFRAME-STUDIO-1";
    private static final int MAX_LINE = 16 * 1024;
    private static final int READ_TIMEOUT_MS = 5_000;

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ServerSocket server;
    private final byte[] token;
    private final Path instanceFile;
    private final List<Optional<Path>> pending = new ArrayList<>();
    private Consumer<Optional<Path>> receiver;

    private SingleInstance(FileChannel lockChannel, FileLock lock, ServerSocket server, byte[] token, Path instanceFile) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.server = server;
        this.token = token;
        this.instanceFile = instanceFile;
    }

    /**
     * Claims the studio role for this process in {@code dir}: returns the claim when no other studio of this
     * user runs (it then listens for hand-overs), or empty when one does.
     */
    public static Optional<SingleInstance> claim(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            return Optional.empty();
        }
        ServerSocket server = null;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            byte[] token = new byte[32];
            new SecureRandom().nextBytes(token);
            Path file = dir.resolve(INSTANCE_FILE);
            writePrivately(file, "port=" + server.getLocalPort() + "\ntoken=" + HexFormat.of().formatHex(token)
                    + "\npid=" + ProcessHandle.current().pid() + "\n");
            SingleInstance s = new SingleInstance(ch, lock, server, token, file);
            Thread t = new Thread(s::serve, "seedframe-single-instance");
            t.setDaemon(true);
            t.start();
            return Optional.of(s);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            lock.release();
            ch.close();
            throw e;
        }
    }

    /**
     * Hands {@code project} (or, when empty, only a request to come to the front) to the studio that holds
     * the claim in {@code dir}, waiting up to {@code wait} for it to be ready. Returns true when it accepted.
     */
    public static boolean handOver(Path dir, Optional<Path> project, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            Optional<Endpoint> e = readEndpoint(dir.resolve(INSTANCE_FILE));
            if (e.isPresent() && send(e.get(), project)) {
                return true;
            }
            try {
                Thread.sleep(100); // the running studio may be writing its file right now
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return false;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    /**
     * Where hand-overs go from now on; any that arrived before are delivered at once, in order. The receiver is
     * called on the listening thread.
     */
    public void onHandOver(Consumer<Optional<Path>> r) {
        List<Optional<Path>> early;
        synchronized (this) {
            receiver = r;
            early = new ArrayList<>(pending);
            pending.clear();
        }
        early.forEach(r);
    }

    /** The port this studio listens on (tests). */
    int port() {
        return server.getLocalPort();
    }

    private record Endpoint(int port, String token) {}

    private static Optional<Endpoint> readEndpoint(Path file) {
        try {
            Properties p = new Properties();
            try (Reader r = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
                p.load(r);
            }
            return Optional.of(new Endpoint(Integer.parseInt(p.getProperty("port", "").strip()),
                    p.getProperty("token", "").strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean send(Endpoint e, Optional<Path> project) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), e.port()), READ_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            String message = HELLO + " " + e.token() + "\n"
                    + project.map(p -> "OPEN " + p.toAbsolutePath().normalize()).orElse("ACTIVATE") + "\n";
            out.write(message.getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            return "OK".equals(in.readLine());
        } catch (IOException | RuntimeException ex) {
            return false;
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(READ_TIMEOUT_MS);
                handle(s);
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                // one bad connection does not stop the listener
            }
        }
    }

    private void handle(Socket s) throws IOException {
        var in = s.getInputStream();
        String hello = readLine(in);
        String prefix = HELLO + " ";
        if (hello == null || !hello.startsWith(prefix) || !MessageDigest.isEqual(
                hello.substring(prefix.length()).getBytes(StandardCharsets.UTF_8),
                HexFormat.of().formatHex(token).getBytes(StandardCharsets.UTF_8))) {
            return; // not ours: dropped unread
        }
        String request = readLine(in);
        Optional<Path> project;
        if ("ACTIVATE".equals(request)) {
            project = Optional.empty();
        } else if (request != null && request.startsWith("OPEN ")) {
            try {
                project = Optional.of(Path.of(request.substring(5)));
            } catch (RuntimeException badPath) {
                return;
            }
        } else {
            return;
        }
        s.getOutputStream().write("OK\n".getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        Consumer<Optional<Path>> r;
        synchronized (this) {
            r = receiver;
            if (r == null) {
                pending.add(project);
            }
        }
        if (r != null) {
            r.accept(project);
        }
    }

    /** One UTF-8 line of at most {@link #MAX_LINE} bytes, or null. */
    private static String readLine(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || line.size() >= MAX_LINE) {
                return null;
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Writes {@code text} to {@code file} readable by its owner only, replacing it in one step. */
    private static void writePrivately(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            Files.deleteIfExists(instanceFile);
        } catch (IOException ignored) {
            // the next studio replaces it
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the process exit releases it
        }
    }
}
