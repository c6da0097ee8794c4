package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The studio's door to the GPU set-up ({@link GpuSetup}, what {@code seedframe setup-gpu} does): the offer made once
 * on the first run with an NVIDIA driver, and the set-up itself.
 */
public interface StudioGpu {

    /** No offer, ever (a studio without the set-up wired: tests of other things). */
    StudioGpu NONE = new StudioGpu() {
        @Override
        public Optional<Offer> gpuOffer() {
            return Optional.empty();
        }

        @Override
        public Offer gpuSetup() {
            return new Offer(null, "libtorch", "", Path.of(""));
        }

        @Override
        public void declineGpuOffer() {}

        @Override
        public SetUp setUpGpu(Consumer<TransferProgress> progress, CancellationToken cancel) throws Failure {
            throw new Failure(Failure.Kind.INVALID_INPUT, "The GPU set-up is not available in this studio.", null);
        }
    };

    /**
     * What the offer says.
     *
     * @param gpu the GPU the driver lists, e.g. {@code GPU 0: NVIDIA GeForce RTX 4090 (UUID: ...)}, or null when the
     *     driver lists none (then the set-up downloads nothing)
     * @param libtorch what would be fetched, e.g. {@code libtorch 2.7.1 cu128 for linux-x86_64}
     * @param source where from
     * @param target where it would go
     */
    record Offer(String gpu, String libtorch, String source, Path target) {}

    /**
     * How the set-up ended.
     *
     * @param installed whether a checked CUDA libtorch is now remembered for the next start
     * @param restartNeeded whether this session still runs on the other libtorch (DJL loads one per process)
     * @param message what happened, in words
     * @param check what the engine check said ({@code seedframe devices} on the new libtorch), or null
     */
    record SetUp(boolean installed, boolean restartNeeded, String message, String check) {}

    /**
     * The offer, when it is due: an NVIDIA driver is here, a CUDA libtorch exists for this platform, none is
     * configured or installed, and the offer was never answered. Runs {@code nvidia-smi}: call off the UI thread.
     */
    Optional<Offer> gpuOffer();

    /** What the set-up would do here, asked for or not (Engine → Set up the GPU). Runs {@code nvidia-smi}. */
    Offer gpuSetup();

    /** Remembers "not now": the offer is not made again (Engine → Set up the GPU stays available). */
    void declineGpuOffer() throws Failure;

    /**
     * Downloads, verifies, checks and remembers the CUDA libtorch, resuming an earlier interrupted run; also answers
     * the offer.
     *
     * @throws Failure {@link Failure.Kind#CANCELLED} when cancelled (what arrived is kept; the next run resumes),
     *     else what went wrong
     */
    SetUp setUpGpu(Consumer<TransferProgress> progress, CancellationToken cancel) throws Failure;
}
