package dev.seedframe.ui.viewmodel;

import dev.seedframe.service.Failure;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Where the view models' work runs: {@code ui} on the toolkit's thread (the window passes the FX thread's
 * executor; unit tests a synchronous one), {@code io} for project reads and writes (decoding and hashing images
 * never runs on the FX thread), {@code engine} for generations and replays, one at a time, {@code transfer} for
 * downloads (minutes long: they hold up neither project reads nor generations). View models never call the toolkit
 * themselves.
 */
public final class UiExecutors {

    /** Work on the project or the engine that may fail with a {@link Failure}. */
    public interface Task<T> {
        T run() throws Failure;
    }

    private final Executor ui;
    private final Executor io;
    private final Executor engine;
    private final Executor transfer;
    private final AtomicInteger pending = new AtomicInteger();

    /** Downloads on the {@code io} thread (unit tests). */
    public UiExecutors(Executor ui, Executor io, Executor engine) {
        this(ui, io, engine, io);
    }

    /**
     * @param ui runs on the toolkit's thread, in submission order
     * @param io one background thread, in submission order
     * @param engine one background thread for runs
     * @param transfer one background thread for downloads
     */
    public UiExecutors(Executor ui, Executor io, Executor engine, Executor transfer) {
        this.ui = ui;
        this.io = io;
        this.engine = engine;
        this.transfer = transfer;
    }

    /** Everything on the calling thread: for unit tests of view models, without a toolkit. */
    public static UiExecutors direct() {
        return new UiExecutors(Runnable::run, Runnable::run, Runnable::run, Runnable::run);
    }

    /** Runs {@code r} on the UI thread. */
    public void ui(Runnable r) {
        ui.execute(r);
    }

    /** Runs {@code r} on the engine thread. */
    public void engine(Runnable r) {
        engine.execute(r);
    }

    /**
     * Runs {@code work} on the io thread, then {@code then} with its result on the UI thread, or {@code failed} with
     * its failure there. Tasks run and report in the order they were submitted.
     */
    public <T> void io(Task<T> work, Consumer<T> then, Consumer<Failure> failed) {
        pending.incrementAndGet();
        submit(io, work, then, failed, true);
    }

    /**
     * Runs {@code work} on the transfer thread, then {@code then} or {@code failed} on the UI thread, as {@link #io}
     * does; not counted by {@link #idle()} (a download may run while the window is otherwise idle).
     */
    public <T> void transfer(Task<T> work, Consumer<T> then, Consumer<Failure> failed) {
        submit(transfer, work, then, failed, false);
    }

    private <T> void submit(Executor on, Task<T> work, Consumer<T> then, Consumer<Failure> failed, boolean counted) {
        on.execute(() -> {
            Runnable report;
            try {
                T result = work.run();
                report = () -> then.accept(result);
            } catch (Failure f) {
                report = () -> failed.accept(f);
            } catch (RuntimeException | Error e) {
                report = () -> failed.accept(Failure.of(e));
            }
            Runnable r = report;
            ui.execute(() -> {
                try {
                    r.run();
                } finally {
                    if (counted) {
                        pending.decrementAndGet();
                    }
                }
            });
        });
    }

    /** Whether no io task is waiting, running or still reporting (tests wait for this). */
    public boolean idle() {
        return pending.get() == 0;
    }

    /** Stops the background threads that are executor services, waiting up to {@code wait} for running work. */
    public void close(Duration wait) {
        for (Executor e : new Executor[] {engine, io, transfer}) {
            if (e instanceof ExecutorService s) {
                s.shutdown();
                try {
                    if (!s.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        s.shutdownNow();
                        s.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
