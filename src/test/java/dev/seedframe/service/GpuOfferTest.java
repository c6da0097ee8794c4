package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.engine.LibtorchSetup;
import dev.seedframe.hub.HubConfig;
import dev.seedframe.testing.FakeDjlPublish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-run GPU offer over a local server in publish.djl.ai's layout (the seams of {@link GpuSetupTest}): made
 * only with a driver, never again once answered, not when a libtorch is remembered; yes installs, checks and says a
 * restart is needed; a cut connection is resumed by the next yes.
 */
class GpuOfferTest {

    static final List<String> ONE_GPU = GpuSetupTest.ONE_GPU;

    @TempDir
    Path tmp;

    FakeDjlPublish server;
    LibtorchSetting setting;
    List<String> gpus = ONE_GPU;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(LibtorchSetup.cudaClassifier().orElse("").equals("linux-x86_64"),
                "the stand-in archive is served for linux-x86_64");
        Assumptions.assumeTrue(LibtorchSetup.configuredCudaLibtorch().isEmpty(), "no CUDA libtorch configured here");
        server = FakeDjlPublish.standIn(tmp, 3, 1_500_000, 30_000);
        setting = new LibtorchSetting(tmp.resolve("config").resolve("libtorch.properties"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private GpuOffer offer() {
        Path data = tmp.resolve("data");
        HubConfig transfer = new HubConfig(HubConfig.DEFAULT_ENDPOINT, null, null, tmp, Duration.ofSeconds(10), 1);
        GpuSetup setup = new GpuSetup(data, setting, server.base(), transfer, () -> gpus,
                libDir -> new GpuSetup.Check(Files.isRegularFile(libDir.resolve("libtorch.so")), "stand-in check"));
        return new GpuOffer(tmp.resolve("config").resolve("gpu-offer.properties"), () -> gpus, setting,
                () -> setup, server.base().toString(), data);
    }

    @Test
    void theOfferIsMadeOnlyWithADriverAndNeverAgainOnceDeclined() throws Exception {
        gpus = List.of();
        assertTrue(offer().gpuOffer().isEmpty(), "no driver, no offer");
        assertEquals(null, offer().gpuSetup().gpu(), "asked for, it says there is no driver");
        gpus = ONE_GPU;
        StudioGpu.Offer o = offer().gpuOffer().orElseThrow();
        assertEquals(ONE_GPU.get(0), o.gpu());
        assertEquals(tmp.resolve("data/libtorch/2.7.1-cu128-linux-x86_64"), o.target());
        offer().declineGpuOffer();
        assertTrue(offer().gpuOffer().isEmpty(), "answered: not asked again");
        assertEquals(ONE_GPU.get(0), offer().gpuSetup().gpu(), "the menu's way stays");
        assertTrue(server.seen().isEmpty(), "nothing fetched");
    }

    @Test
    void yesInstallsChecksRemembersAndSaysARestartIsNeededAndACutDownloadResumesOnTheNextYes() throws Exception {
        server.cut("libtorch_cpu.so", 500_000, 1);
        List<TransferProgress> seen = new ArrayList<>();
        Failure cut = assertThrows(Failure.class, () -> offer().setUpGpu(seen::add, new CancellationToken()));
        assertEquals(Failure.Kind.FILE, cut.kind());
        assertTrue(cut.getMessage().contains("resume"), cut.getMessage());
        assertTrue(offer().gpuOffer().isEmpty(), "a yes is an answer: the offer is not made again");

        StudioGpu.SetUp s = offer().setUpGpu(seen::add, new CancellationToken());
        assertTrue(s.installed(), s.message());
        assertTrue(s.restartNeeded(), "this process loaded no libtorch from there");
        assertEquals("stand-in check", s.check());
        assertTrue(setting.remembered().isPresent());
        assertTrue(server.seen().stream().anyMatch(x -> x.range() != null && !x.range().equals("bytes=0-")),
                "resumed with Range: " + server.seen());
        assertTrue(seen.stream().anyMatch(p -> p.total() > 0 && p.done() > 0));
        assertFalse(offer().gpuOffer().isPresent(), "a remembered libtorch: nothing to offer");
    }
}
