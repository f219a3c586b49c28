package dev.atelier.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C during a long optimisation: instead of dying with nothing written, the command is asked to stop
 * (its listener reads {@link #flag()}), finishes the evaluation in progress and writes what there is; the
 * JVM's exit waits for that, up to a minute. Close it when the work is done.
 */
final class InterruptKeepsResult implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private InterruptKeepsResult(String name) {
        hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-ctrl-c");
    }

    /** Installs the shutdown hook for the command {@code name}. */
    static InterruptKeepsResult install(String name) {
        InterruptKeepsResult i = new InterruptKeepsResult(name);
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /** Set once Ctrl-C (or any JVM shutdown) has asked the command to stop. */
    AtomicBoolean flag() {
        return stop;
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting (Ctrl-C): the hook is running and now released
        }
    }
}
