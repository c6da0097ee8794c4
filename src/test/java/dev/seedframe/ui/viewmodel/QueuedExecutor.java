package dev.seedframe.ui.viewmodel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** An executor that keeps its tasks until the test runs them: shows what did not run on the caller's thread. */
final class QueuedExecutor implements Executor {

    private final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable command) {
        tasks.add(command);
    }

    int size() {
        return tasks.size();
    }

    /** Runs every task, also those the tasks add. */
    void runAll() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }
}
