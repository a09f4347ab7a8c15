package io.flinkalexnet.jobs;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The one thread on which an operator runs its model (a training step, a forward pass) while its task thread goes on
 * reading input and writing output. Closing waits for the work in flight: a model must never be freed under a call
 * that is still running natively.
 */
public final class ModelThread implements AutoCloseable {

    private static final long CLOSE_TIMEOUT_MINUTES = 5;

    private final ExecutorService executor;

    /** Starts the thread (a daemon) with the given name, e.g. the task's name, so profilers and thread dumps show it. */
    public ModelThread(String name) {
        executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code work} after the work submitted before it. */
    public <T> Future<T> submit(Callable<T> work) {
        return executor.submit(work);
    }

    /** Takes no more work and waits for the work in flight to end. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(CLOSE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
    }
}
