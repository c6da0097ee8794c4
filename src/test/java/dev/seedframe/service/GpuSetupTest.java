package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.engine.LibtorchSetup;
import dev.seedframe.hub.HubConfig;
import dev.seedframe.hub.HubException;
import dev.seedframe.hub.TransferListener;
import dev.seedframe.testing.FakeDjlPublish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU set-up's download against a local server in publish.djl.ai's layout, serving a stand-in archive (small
 * files in place of the libraries): a cut connection resumed by the next run, a wrong MD5 and a damaged gzip
 * (refused, nothing installed), no driver (nothing downloaded). Starting the engine on a real libtorch is {@code
 * SetupGpuCliTest}'s part.
 */
class GpuSetupTest {

    static final List<String> ONE_GPU = List.of("GPU 0: NVIDIA Stand-in (UUID: GPU-00000000-0000-0000-0000-000000000000)");

    @TempDir
    Path tmp;

    FakeDjlPublish server;
    Path data;
    LibtorchSetting setting;
    final List<Path> checked = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(LibtorchSetup.cudaClassifier().orElse("").equals("linux-x86_64"),
                "the stand-in archive is served for linux-x86_64");
        Map<String, Path> libs = new LinkedHashMap<>();
        Random r = new Random(7);
        for (String name : new String[] {"libc10.so", "libtorch.so", "libtorch_cpu.so", "libtorch_cuda.so"}) {
            byte[] b = new byte[name.equals("libtorch_cpu.so") ? 3_000_000 : 40_000];
            r.nextBytes(b);
            Path p = tmp.resolve("src").resolve(name);
            Files.createDirectories(p.getParent());
            Files.write(p, b);
            libs.put(name, p);
        }
        server = new FakeDjlPublish("2.7.1", libs, tmp.resolve("gz"));
        data = tmp.resolve("data");
        setting = new LibtorchSetting(tmp.resolve("config").resolve("libtorch.properties"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private GpuSetup setup(List<String> gpus, int attempts) {
        HubConfig transfer = new HubConfig(HubConfig.DEFAULT_ENDPOINT, null, null, tmp, Duration.ofSeconds(10), attempts);
        return new GpuSetup(data, setting, server.base(), transfer, () -> gpus, libDir -> {
            checked.add(libDir);
            return new GpuSetup.Check(Files.isRegularFile(libDir.resolve("libtorch.so")), "stand-in check of " + libDir);
        });
    }

    private Path target() {
        return data.resolve("libtorch").resolve("2.7.1-cu128-linux-x86_64");
    }

    @Test
    void aCutDownloadResumesOnTheNextRunThenInstallsChecksAndRemembers() throws Exception {
        server.cut("libtorch_cpu.so", 1_000_000, 2);
        HubException cut = assertThrows(HubException.class,
                () -> setup(ONE_GPU, 2).run(false, TransferListener.NONE, new CancellationToken()));
        assertEquals(HubException.Kind.CONNECTION, cut.kind());
        assertTrue(cut.getMessage().contains("kept") && cut.getMessage().contains("resume"), cut.getMessage());
        assertFalse(Files.exists(target()), "nothing installed yet");
        assertTrue(setting.remembered().isEmpty());

        GpuSetup.Result r = setup(ONE_GPU, 2).run(false, TransferListener.NONE, new CancellationToken());
        assertEquals(GpuSetup.Status.INSTALLED, r.status(), r.message());
        assertTrue(server.seen().stream().anyMatch(s -> "bytes=2000000-".equals(s.range())), server.seen().toString());
        Path lib = target().resolve("lib");
        assertEquals(lib, r.libDir());
        assertEquals(List.of(lib), checked);
        for (String name : List.of("libc10.so", "libtorch.so", "libtorch_cpu.so", "libtorch_cuda.so")) {
            assertEquals(Files.size(tmp.resolve("src").resolve(name)), Files.size(lib.resolve(name)), name);
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("src").resolve(name)),
                    Files.readAllBytes(lib.resolve(name))), name);
        }
        assertEquals(4, r.installed().md5Checked());
        assertEquals("2.7.1+cu128", Files.readString(target().resolve("build-version")).strip());
        assertTrue(LibtorchSetup.isCudaBuild(lib));
        assertEquals(lib, setting.remembered().orElseThrow());
        assertFalse(Files.exists(target().resolveSibling(".2.7.1-cu128-linux-x86_64.partial")));

        assertEquals(GpuSetup.Status.ALREADY_INSTALLED,
                setup(ONE_GPU, 2).run(false, TransferListener.NONE, new CancellationToken()).status());
        Files.write(lib.resolve("libc10.so"), new byte[] {1, 2, 3}); // damaged since: downloaded again
        assertEquals(GpuSetup.Status.INSTALLED,
                setup(ONE_GPU, 2).run(false, TransferListener.NONE, new CancellationToken()).status());
        assertEquals(40_000, Files.size(lib.resolve("libc10.so")));
    }

    @Test
    void aWrongChecksumIsRefusedAndNothingIsInstalled() {
        server.alter("libtorch.so");
        HubException e = assertThrows(HubException.class,
                () -> setup(ONE_GPU, 2).run(false, TransferListener.NONE, new CancellationToken()));
        assertEquals(HubException.Kind.INTEGRITY, e.kind());
        assertTrue(e.getMessage().contains("libtorch.so.gz") && e.getMessage().contains("MD5")
                && e.getMessage().contains("nothing was installed"), e.getMessage());
        assertFalse(Files.exists(target()));
        assertTrue(setting.remembered().isEmpty());
        assertTrue(checked.isEmpty());
    }

    @Test
    void aDamagedGzipWithoutAnMd5IsCaughtByItsCrc() {
        server.alter("libtorch_cpu.so").etag("libtorch_cpu.so", "9b2cf535f27731c974343645a3985328-3");
        HubException e = assertThrows(HubException.class,
                () -> setup(ONE_GPU, 2).run(false, TransferListener.NONE, new CancellationToken()));
        assertEquals(HubException.Kind.INTEGRITY, e.kind());
        assertTrue(e.getMessage().contains("gzip check failed"), e.getMessage());
        assertFalse(Files.exists(target()));
        assertTrue(setting.remembered().isEmpty());
    }

    @Test
    void withoutADriverNothingIsDownloaded() throws Exception {
        GpuSetup.Result r = setup(List.of(), 2).run(false, TransferListener.NONE, new CancellationToken());
        assertEquals(GpuSetup.Status.NO_DRIVER, r.status());
        assertTrue(r.message().contains("No NVIDIA driver") && r.message().contains("nothing was downloaded"),
                r.message());
        assertEquals(List.of(), server.seen());
        assertFalse(Files.exists(data));
    }
}
