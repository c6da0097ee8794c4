package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.service.Failure;
import dev.seedframe.service.StudioGpu;
import dev.seedframe.service.TransferProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A test double of the GPU set-up's port: an offer while unanswered, a set-up that reports steps. Unit tests only. */
final class FakeGpu implements StudioGpu {

    static final Offer OFFER = new Offer("GPU 0: NVIDIA Stand-in (UUID: GPU-0)", "libtorch 2.7.1 cu128 (linux-x86_64)",
            "https://publish.djl.ai/pytorch/", Path.of("/data/libtorch/2.7.1-cu128-linux-x86_64"));

    String answer;
    boolean driver = true;
    final List<String> calls = new ArrayList<>();
    List<TransferProgress> steps = List.of();
    SetUp outcome = new SetUp(true, true, "Installed libtorch 2.7.1 (cu128) in /data/libtorch/lib.", "device: cuda:0");
    Failure failure;
    /** Run after each step was reported (a test reads what the window shows then). */
    Runnable afterEachStep = () -> {};

    @Override
    public Optional<Offer> gpuOffer() {
        calls.add("offer? " + Thread.currentThread().getName());
        return answer == null && driver ? Optional.of(OFFER) : Optional.empty();
    }

    @Override
    public Offer gpuSetup() {
        return driver ? OFFER : new Offer(null, OFFER.libtorch(), OFFER.source(), OFFER.target());
    }

    @Override
    public void declineGpuOffer() {
        calls.add("decline");
        answer = "declined";
    }

    @Override
    public SetUp setUpGpu(Consumer<TransferProgress> progress, CancellationToken cancel) throws Failure {
        calls.add("set up");
        answer = "accepted";
        for (TransferProgress p : steps) {
            progress.accept(p);
            afterEachStep.run();
            if (cancel.isCancelled()) {
                throw new Failure(Failure.Kind.CANCELLED, "Cancelled; what arrived is kept.", null);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return outcome;
    }
}
