package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single-instance channel in one JVM: claim, hand-over, refusal of strangers, files left private. */
class SingleInstanceTest {

    @TempDir
    Path dir;

    @Test
    void aSecondClaimFailsWhileTheFirstHoldsAndSucceedsAfterItIsClosed() throws Exception {
        SingleInstance first = SingleInstance.claim(dir).orElseThrow();
        assertTrue(SingleInstance.claim(dir).isEmpty(), "a second studio must not claim the role");
        first.close();
        try (SingleInstance again = SingleInstance.claim(dir).orElseThrow()) {
            assertTrue(again.port() > 0);
        }
    }

    @Test
    void aHandedOverProjectReachesTheReceiverAndAnEmptyOneAsksForTheFront() throws Exception {
        BlockingQueue<Optional<Path>> got = new LinkedBlockingQueue<>();
        try (SingleInstance s = SingleInstance.claim(dir).orElseThrow()) {
            Path early = dir.resolve("early.seedframe");
            assertTrue(SingleInstance.handOver(dir, Optional.of(early), Duration.ofSeconds(5)));
            s.onHandOver(got::add); // what came before the window was ready is delivered now
            assertEquals(Optional.of(early), got.poll(5, TimeUnit.SECONDS));
            Path p = dir.resolve("中文 project.seedframe");
            assertTrue(SingleInstance.handOver(dir, Optional.of(p), Duration.ofSeconds(5)));
            assertEquals(Optional.of(p), got.poll(5, TimeUnit.SECONDS));
            assertTrue(SingleInstance.handOver(dir, Optional.empty(), Duration.ofSeconds(5)));
            assertEquals(Optional.empty(), got.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aConnectionWithoutTheTokenIsDroppedAndDeliversNothing() throws Exception {
        BlockingQueue<Optional<Path>> got = new LinkedBlockingQueue<>();
        try (SingleInstance s = SingleInstance.claim(dir).orElseThrow()) {
            s.onHandOver(got::add);
            for (String attempt : List.of("SEEDFRAME-STUDIO-1 00\nOPEN /tmp/x.seedframe\n",
                    "OPEN /tmp/x.seedframe\n", "SEEDFRAME-STUDIO-1\n")) {
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
                    c.setSoTimeout(5000);
                    OutputStream out = c.getOutputStream();
                    out.write(attempt.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    assertEquals(-1, c.getInputStream().read(), "a stranger gets no answer");
                }
            }
            assertEquals(null, got.poll(300, TimeUnit.MILLISECONDS));
            // the owner still gets through afterwards
            assertTrue(SingleInstance.handOver(dir, Optional.of(dir.resolve("a.seedframe")), Duration.ofSeconds(5)));
            assertEquals(Optional.of(dir.resolve("a.seedframe")), got.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void theTokenFileIsReadableByItsOwnerOnlyAndGoesWithTheStudio() throws Exception {
        Path file = dir.resolve(SingleInstance.INSTANCE_FILE);
        try (SingleInstance s = SingleInstance.claim(dir).orElseThrow()) {
            assertTrue(Files.exists(file));
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
            assertTrue(Files.readString(file).contains("port=" + s.port()));
        }
        assertFalse(Files.exists(file));
        assertFalse(SingleInstance.handOver(dir, Optional.empty(), Duration.ofMillis(300)),
                "nobody answers once the studio is gone");
    }

    @Test
    void aProjectFileIsTheStudioAndAnythingElseTheCommandLine() throws Exception {
        assertTrue(StudioLauncher.isProjectArgument(new String[] {"/nowhere/a.seedframe"}));
        assertTrue(StudioLauncher.isProjectArgument(new String[] {"B.SEEDFRAME"}));
        Path existing = Files.createFile(dir.resolve("renamed.db"));
        assertTrue(StudioLauncher.isProjectArgument(new String[] {existing.toString()}));
        assertFalse(StudioLauncher.isProjectArgument(new String[] {"generate"}));
        assertFalse(StudioLauncher.isProjectArgument(new String[] {"history"}), "a command, also beside a file");
        assertTrue(Cli.commandNames().containsAll(List.of("generate", "studio", "replay")), Cli.commandNames().toString());
        assertFalse(StudioLauncher.isProjectArgument(new String[] {"--help"}));
        assertFalse(StudioLauncher.isProjectArgument(new String[] {"studio", "a.seedframe"}));
    }
}
