package dev.atelier.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.LockFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes, and several threads of one JVM, writing one store at once: every import survives with
 * its own SHA-256, and a name is taken once.
 */
class WeightStoreConcurrencyTest {
    private static final int ROUNDS = 4;
    /** 4 MiB per file: copying takes a moment, as with real weights, so the imports overlap. */
    private static final int FLOATS = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void twoProcessesImportingAtOnceBothKeepTheirEntry() throws Exception {
        Path a = GeneratedWeights.write(dir.resolve("a.safetensors"), FLOATS, 1);
        Path b = GeneratedWeights.write(dir.resolve("b.safetensors"), FLOATS, 2);
        for (int round = 0; round < ROUNDS; round++) {
            Path root = dir.resolve("store" + round);
            Path start = dir.resolve("start" + round);
            Process first = ImportIntoStore.start(dir.resolve("a" + round + ".log"), root.toString(), a.toString(), "a",
                    start.toString());
            Process second = ImportIntoStore.start(dir.resolve("b" + round + ".log"), root.toString(), b.toString(), "b",
                    start.toString());
            Files.createFile(start);

            assertThat(exitCode(first)).as(Files.readString(dir.resolve("a" + round + ".log"))).isZero();
            assertThat(exitCode(second)).as(Files.readString(dir.resolve("b" + round + ".log"))).isZero();
            assertHolds(new WeightStore(root), Map.of("a", a, "b", b));
        }
    }

    @Test
    void threadsImportingAtOnceKeepEveryEntryWhateverTheStoreIsCalled() throws Exception {
        int threads = 4;
        Map<String, Path> files = new TreeMap<>();
        for (int i = 0; i < threads; i++) {
            files.put("w" + i, GeneratedWeights.write(dir.resolve("w" + i + ".safetensors"), FLOATS / 4, i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Path root = Files.createDirectories(dir.resolve("store" + round));
                // Another spelling of the same folder: the threads must still exclude each other.
                Path link = Files.createSymbolicLink(dir.resolve("link" + round), root);
                CyclicBarrier together = new CyclicBarrier(threads);
                List<Future<StoredWeights>> imports = new ArrayList<>();
                int i = 0;
                for (Map.Entry<String, Path> file : files.entrySet()) {
                    WeightStore store = new WeightStore(i++ % 2 == 0 ? root : link);
                    imports.add(pool.submit(() -> {
                        together.await();
                        return store.importFile(file.getValue(), file.getKey(), false);
                    }));
                }
                for (Future<StoredWeights> f : imports) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertHolds(new WeightStore(root), files);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ofTwoRunsTakingOneNameAtOnceOneWinsAndTheOtherIsRefused() throws Exception {
        Path a = GeneratedWeights.write(dir.resolve("a.safetensors"), FLOATS / 4, 1);
        Path b = GeneratedWeights.write(dir.resolve("b.safetensors"), FLOATS / 4, 2);
        WeightStore store = new WeightStore(dir.resolve("store"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<StoredWeights>> imports = new ArrayList<>();
            for (Path file : List.of(a, b)) {
                imports.add(pool.submit(() -> {
                    together.await();
                    return store.importFile(file, "same", false);
                }));
            }
            List<Throwable> refused = new ArrayList<>();
            for (Future<StoredWeights> f : imports) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    refused.add(e.getCause());
                }
            }
            assertThat(refused).singleElement().isInstanceOf(WeightStore.NameTakenException.class);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.list()).singleElement().extracting(StoredWeights::sha256)
                .isIn(Sha256.of(a), Sha256.of(b));
        assertThat(store.strays()).isEmpty();
        try (var files = Files.list(store.weightsDir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(".lock", "index.json", "same.safetensors");
        }
    }

    @Test
    void aStoreLockedTooLongIsOneLineSayingSoAndHowToWaitLonger() throws Exception {
        WeightStore store = new WeightStore(dir.resolve("store"));
        Path file = GeneratedWeights.write(dir.resolve("w.safetensors"), 16, 1);
        Files.createDirectories(store.weightsDir());
        String previous = System.setProperty(WeightStore.LOCK_TIMEOUT_PROPERTY, "0.2");
        // Held by another thread, as another run would: this thread may not take a lock it holds.
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            LockFile held = holder.submit(() -> LockFile.acquire(store.weightsDir().resolve(".lock"), Duration.ZERO)).get();
            assertThatThrownBy(() -> store.importFile(file, "w", false))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("the weight store is busy: gave up after 0.2 s waiting for the lock ")
                    .hasMessageEndingWith("; try again when that run has finished, or wait longer"
                            + " (ATELIER_WEIGHTS_LOCK_TIMEOUT=SECONDS)");
            holder.submit(() -> {
                held.close();
                return null;
            }).get();
        } finally {
            holder.shutdownNow();
            if (previous == null) {
                System.clearProperty(WeightStore.LOCK_TIMEOUT_PROPERTY);
            } else {
                System.setProperty(WeightStore.LOCK_TIMEOUT_PROPERTY, previous);
            }
        }
        assertThat(store.list()).isEmpty();
        assertThat(store.importFile(file, "w", false).name()).isEqualTo("w");
    }

    /** The store holds exactly {@code files} under their names, each whole, and nothing else. */
    private static void assertHolds(WeightStore store, Map<String, Path> files) throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            expected.put(f.getKey(), Sha256.of(f.getValue()));
        }
        assertThat(store.list().stream().collect(Collectors.toMap(StoredWeights::name, StoredWeights::sha256)))
                .isEqualTo(expected);
        assertThat(store.verify(Optional.empty())).extracting(WeightStore.Verification::status)
                .containsOnly(WeightStore.Verification.Status.OK);
        assertThat(store.strays()).isEmpty();
    }

    private static int exitCode(Process p) throws InterruptedException {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("an import process did not finish within 60 s");
        }
        return p.exitValue();
    }
}
