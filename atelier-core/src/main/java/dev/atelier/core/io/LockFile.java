package dev.atelier.core.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a lock file, held against other processes and against other threads of this JVM,
 * for read-modify-write of files that several runs share:
 *
 * <pre>{@code
 * try (LockFile lock = LockFile.acquire(dir.resolve(".lock"), Duration.ofSeconds(60))) {
 *     // read, change and write the shared files
 * }
 * }</pre>
 *
 * <p>The operating system's file lock ({@link FileChannel#tryLock()}) excludes other processes, and is
 * released by the system when the holder dies, so a killed run never leaves the lock held. It is held
 * per process, though: a second channel of the same JVM on the same file would fail rather than wait.
 * So threads of one JVM first take a lock keyed by the lock file's real path, which two spellings of
 * one folder (a symbolic link, {@code ..}) share.
 *
 * <p>The lock file itself is created if missing and never deleted: deleting it would let a later run lock
 * a new file while an earlier one still holds the old. A symbolic link in its place is refused rather than
 * followed. Not reentrant: a thread that already holds the lock may not take it again.
 */
public final class LockFile implements AutoCloseable {
    /** How often a waiting acquirer tries the system lock again: the system offers no timed wait. */
    private static final long RETRY_MILLIS = 20;
    private static final ConcurrentMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock threads;
    /** Holds the system lock: closing it releases that lock. */
    private final FileChannel channel;

    private LockFile(ReentrantLock threads, FileChannel channel) {
        this.threads = threads;
        this.channel = channel;
    }

    /** Another process or thread held the lock for longer than the caller would wait. */
    public static final class TimedOutException extends IOException {
        TimedOutException(Path file, Duration waited) {
            super("gave up after " + (waited.toMillis() % 1000 == 0 ? waited.toSeconds() : waited.toMillis() / 1000.0)
                    + " s waiting for the lock " + file + ", which another process or thread holds");
        }
    }

    /**
     * Takes the lock on {@code file} (its folder must exist), waiting at most {@code timeout}.
     *
     * @throws TimedOutException when it is still held by another process or thread after {@code timeout}
     * @throws InterruptedIOException when the thread is interrupted while waiting
     * @throws IllegalStateException when this thread already holds it
     */
    public static LockFile acquire(Path file, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try {
            ReentrantLock threads = IN_THIS_JVM.computeIfAbsent(file.toRealPath(), k -> new ReentrantLock());
            if (threads.isHeldByCurrentThread()) {
                throw new IllegalStateException("this thread already holds the lock " + file);
            }
            if (!threads.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TimedOutException(file, timeout);
            }
            try {
                lockProcesses(file, channel, deadline, timeout);
                return new LockFile(threads, channel);
            } catch (IOException | RuntimeException | InterruptedException e) {
                threads.unlock();
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new InterruptedIOException("interrupted while waiting for the lock " + file);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void lockProcesses(Path file, FileChannel channel, long deadline, Duration timeout)
            throws IOException, InterruptedException {
        while (true) {
            if (channel.tryLock() != null) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new TimedOutException(file, timeout);
            }
            Thread.sleep(RETRY_MILLIS);
        }
    }

    /** Releases the lock: first for other processes, then for this JVM's threads, which may take it at once. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            threads.unlock();
        }
    }
}
