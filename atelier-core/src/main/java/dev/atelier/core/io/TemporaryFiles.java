package dev.atelier.core.io;

import dev.atelier.core.config.SizeLimit;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden temporary files {@link AtomicFiles} writes before moving them into place, named
 * {@code .NAME.PID-RANDOM.part}: what owns them, and how they are cleaned up when a run is cut short.
 *
 * <ul>
 *   <li>On SIGINT or SIGTERM, a shutdown hook gives writes in progress a moment to finish, then
 *       deletes the temporary files still in flight.</li>
 *   <li>SIGKILL or a power cut leaves them behind; the next write to the same folder deletes those
 *       whose owner process is gone, or that nobody has touched for a while (default 60 minutes;
 *       {@code -Datelier.io.staleTempMinutes=N} or {@code ATELIER_STALE_TEMP_MINUTES=N}).</li>
 * </ul>
 *
 * <p>Only names of exactly this pattern are ever deleted: a download's resumable {@code NAME.part},
 * or any other file of the user's, is never touched.
 */
final class TemporaryFiles {
    /** Age (since the last write) after which a temporary file is stale even if its pid is alive. */
    static final SizeLimit STALE_MINUTES = new SizeLimit("atelier.io.staleTempMinutes", "ATELIER_STALE_TEMP_MINUTES", 60);

    private static final Pattern NAME = Pattern.compile("^\\.(.+)\\.(\\d{1,19})-([0-9a-z]{6,16})\\.part$");
    private static final long SHUTDOWN_GRACE_MILLIS = 2000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private TemporaryFiles() {}

    /** Creates a fresh, empty temporary file for {@code target} in {@code dir}, registered as in flight. */
    static Path create(Path dir, String targetName) throws IOException {
        installShutdownHook();
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; ; attempt++) {
            String random = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
            random = random.length() > 10 ? random.substring(0, 10) : random;
            while (random.length() < 6) {
                random = "0" + random;
            }
            Path tmp = dir.resolve("." + targetName + "." + pid + "-" + random + ".part");
            try {
                Files.createFile(tmp);
                IN_FLIGHT.add(tmp);
                return tmp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** {@code tmp} is no longer in flight: moved into place or deleted. */
    static void release(Path tmp) {
        IN_FLIGHT.remove(tmp);
    }

    /** Whether {@code fileName} is one of our temporary files. */
    static boolean isTemporaryName(String fileName) {
        return NAME.matcher(fileName).matches();
    }

    /** The pid encoded in a temporary file's name, if it is one. */
    static Optional<Long> ownerPid(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(m.group(2)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Deletes the stale temporary files of ours in {@code dir} ({@link #stale}). Best effort: a file that
     * cannot be deleted is left.
     *
     * @return how many were deleted
     */
    static int cleanStale(Path dir) {
        int deleted = 0;
        for (Path p : stale(dir)) {
            try {
                if (Files.deleteIfExists(p)) {
                    deleted++;
                }
            } catch (IOException | RuntimeException e) {
                // cleaning up is a courtesy: it must never make the write itself fail
            }
        }
        return deleted;
    }

    /**
     * The temporary files of ours in {@code dir} that no run will finish: owner process gone, or untouched
     * for longer than {@link #STALE_MINUTES}; none when the folder cannot be read.
     */
    static List<Path> stale(Path dir) {
        List<Path> stale = new ArrayList<>();
        Instant cutoff = Instant.now().minus(Duration.ofMinutes(STALE_MINUTES.value()));
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*.part")) {
            for (Path p : entries) {
                Optional<Long> pid = ownerPid(p.getFileName().toString());
                if (pid.isEmpty() || IN_FLIGHT.contains(p) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                boolean ownerGone = pid.get() != self && ProcessHandle.of(pid.get()).isEmpty();
                FileTime modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                if (ownerGone || modified.toInstant().isBefore(cutoff)) {
                    stale.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable folder has no leftovers we could delete
        }
        return stale;
    }

    private static void installShutdownHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (TemporaryFiles.class) {
            if (hookInstalled) {
                return;
            }
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteInFlight(SHUTDOWN_GRACE_MILLIS), "atelier-temp-cleanup"));
            } catch (IllegalStateException shuttingDown) {
                // already exiting: nothing to install
            }
            hookInstalled = true;
        }
    }

    /**
     * The shutdown hook: let writes that are about to finish finish, then delete what is left of them. Only
     * the files in flight when the shutdown began: a file begun after it is the result a command writes
     * while another hook keeps the JVM alive for it (Ctrl-C keeps the picture so far), and deleting it
     * after the grace would lose that result half-way through its write.
     */
    static void deleteInFlight(long graceMillis) {
        Set<Path> atShutdown = Set.copyOf(IN_FLIGHT);
        long deadline = System.currentTimeMillis() + graceMillis;
        while (atShutdown.stream().anyMatch(IN_FLIGHT::contains) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Path p : atShutdown) {
            if (!IN_FLIGHT.contains(p)) {
                continue;
            }
            try {
                Files.deleteIfExists(p);
            } catch (IOException | RuntimeException e) {
                // best effort while the JVM exits; the next write to the folder cleans it up
            }
            IN_FLIGHT.remove(p);
        }
    }

    /** Temporary files in flight now (for tests). */
    static Set<Path> inFlight() {
        return Set.copyOf(IN_FLIGHT);
    }
}
