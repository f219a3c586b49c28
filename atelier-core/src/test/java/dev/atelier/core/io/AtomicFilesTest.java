package dev.atelier.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void failedWriteLeavesOldFileAndNoTemporaryFiles() throws IOException {
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
                    out.write("half".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                }))
                .isInstanceOf(FileWriteException.class)
                .hasMessage("cannot write " + target + ": disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void newFilesAreWorldReadableLikeOrdinaryOutputs() throws IOException {
        Path target = dir.resolve("sub/new.bin");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
    }

    @Test
    void temporaryFilesAreHiddenAndNameTheirOwnerProcess() throws IOException {
        Path tmp = AtomicFiles.temporarySibling(dir.resolve("x.png"));
        try {
            String name = tmp.getFileName().toString();
            assertThat(name).startsWith(".x.png." + ProcessHandle.current().pid() + "-").endsWith(".part");
            assertThat(TemporaryFiles.isTemporaryName(name)).isTrue();
            assertThat(TemporaryFiles.inFlight()).contains(tmp);
        } finally {
            AtomicFiles.discard(tmp);
        }
        assertThat(TemporaryFiles.inFlight()).doesNotContain(tmp);
        assertThat(tmp).doesNotExist();
    }

    @Test
    void nextWriteRemovesStaleTemporaryFilesOfDeadOrOldRunsButNothingElse() throws IOException {
        long deadPid = deadPid();
        Path ofDeadRun = Files.writeString(dir.resolve(".a.png." + deadPid + "-abcdef1234.part"), "half");
        Path ofLiveRun = Files.writeString(dir.resolve(".b.png." + ProcessHandle.current().pid() + "-abcdef1234.part"), "x");
        Path oldOfLiveRun = Files.writeString(dir.resolve(".c.png." + ProcessHandle.current().pid() + "-zzzzzz.part"), "x");
        Files.setLastModifiedTime(oldOfLiveRun, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path download = Files.writeString(dir.resolve("vgg19.pth.part"), "resumable download");
        Path usersOwn = Files.writeString(dir.resolve(".notes.part"), "mine");
        Path almost = Files.writeString(dir.resolve(".d.png.123.part"), "not our pattern");

        AtomicFiles.write(dir.resolve("out.txt"), new byte[] {1});

        assertThat(ofDeadRun).doesNotExist();
        assertThat(oldOfLiveRun).doesNotExist();
        assertThat(ofLiveRun).exists();
        assertThat(download).exists();
        assertThat(usersOwn).exists();
        assertThat(almost).exists();
    }

    @Test
    void shutdownHookDeletesWritesStillInFlight() throws IOException {
        Path tmp = AtomicFiles.temporarySibling(dir.resolve("big.bin"));
        Files.writeString(tmp, "half written when SIGTERM came");
        // what the JVM runs on SIGINT/SIGTERM, here without the grace given to writes about to finish
        TemporaryFiles.deleteInFlight(0);
        assertThat(tmp).doesNotExist();
        assertThat(TemporaryFiles.inFlight()).doesNotContain(tmp);
    }

    @Test
    void shutdownHookLeavesWritesBegunAfterItStarted() throws Exception {
        Path inFlight = AtomicFiles.temporarySibling(dir.resolve("snapshot.png"));
        Thread hook = new Thread(() -> TemporaryFiles.deleteInFlight(1500), "test-hook");
        hook.start();
        // the result a command writes after Ctrl-C, while its own hook keeps the JVM alive for it
        Thread.sleep(300);
        Path result = AtomicFiles.temporarySibling(dir.resolve("result.png"));
        try {
            hook.join();
            assertThat(inFlight).as("in flight when the shutdown began: deleted after the grace").doesNotExist();
            assertThat(result).as("begun after: left to finish").exists();
        } finally {
            AtomicFiles.discard(result);
        }
    }

    /** A pid no process has now. */
    private static long deadPid() {
        for (long pid = 4_000_000; ; pid--) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
    }
}
