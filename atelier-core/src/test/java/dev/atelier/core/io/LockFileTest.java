package dev.atelier.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFileTest {
    @TempDir
    Path dir;

    @Test
    void anotherThreadWaitsUntilTheLockIsReleasedEvenUnderAnotherSpellingOfThePath() throws Exception {
        Path lock = dir.resolve(".lock");
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch acquired = new CountDownLatch(1);
            Future<?> waiter;
            try (LockFile held = LockFile.acquire(lock, Duration.ZERO)) {
                waiter = other.submit(() -> {
                    try (LockFile mine = LockFile.acquire(link.resolve(".lock"), Duration.ofSeconds(30))) {
                        acquired.countDown();
                    }
                    return null;
                });
                assertThat(acquired.await(300, TimeUnit.MILLISECONDS)).as("acquired while held").isFalse();
            }
            waiter.get(30, TimeUnit.SECONDS);
            assertThat(acquired.getCount()).isZero();
        } finally {
            other.shutdownNow();
        }
        assertThat(lock).exists();
    }

    @Test
    void givesUpAfterTheTimeoutSayingWhichLockIsHeld() throws Exception {
        Path lock = dir.resolve(".lock");
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (LockFile held = LockFile.acquire(lock, Duration.ZERO)) {
            Future<?> attempt = other.submit(() -> LockFile.acquire(lock, Duration.ofMillis(150)));
            assertThatThrownBy(() -> attempt.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(LockFile.TimedOutException.class)
                    .hasMessage("gave up after 0.15 s waiting for the lock " + lock
                            + ", which another process or thread holds");
        } finally {
            other.shutdownNow();
        }
        LockFile.acquire(lock, Duration.ZERO).close();
    }

    @Test
    void aThreadHoldingTheLockMayNotTakeItAgain() throws IOException {
        Path lock = dir.resolve(".lock");
        try (LockFile held = LockFile.acquire(lock, Duration.ZERO)) {
            assertThatThrownBy(() -> LockFile.acquire(lock, Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        }
        LockFile.acquire(lock, Duration.ZERO).close();
    }

    @Test
    void aSymbolicLinkInPlaceOfTheLockFileIsNotFollowed() throws IOException {
        Path elsewhere = dir.resolve("elsewhere");
        Path lock = Files.createSymbolicLink(dir.resolve(".lock"), elsewhere);
        assertThatThrownBy(() -> LockFile.acquire(lock, Duration.ZERO)).isInstanceOf(IOException.class);
        assertThat(elsewhere).doesNotExist();
    }
}
