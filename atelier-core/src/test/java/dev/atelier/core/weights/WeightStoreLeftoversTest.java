package dev.atelier.core.weights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.io.LockFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs cut short (killed, interrupted, or dead between renaming a file into place and registering it) leave
 * nothing half-registered; what an older Atelier or a user left in the folder is listed as stray, and
 * garbage collection deletes exactly the strays and our stale temporary files.
 */
class WeightStoreLeftoversTest {
    @TempDir
    Path dir;

    @Test
    void anImportKilledBeforeRegisteringLeavesOnlyATemporaryFileThatGcDeletes() throws Exception {
        WeightStore store = storeWith("kept");
        long size = stopImportWaitingToRegister(store, Process::destroyForcibly);

        assertThat(store.list()).extracting(StoredWeights::name).containsExactly("kept");
        assertThat(store.strays()).as("a temporary file is not a stray").isEmpty();
        List<WeightStore.Leftover> wouldDelete = store.removeLeftovers(true);
        assertThat(wouldDelete).singleElement().satisfies(l -> {
            assertThat(l.kind()).isEqualTo(WeightStore.Leftover.Kind.STALE_TEMPORARY);
            assertThat(l.size()).isEqualTo(size);
            assertThat(l.file()).exists();
        });
        assertThat(store.removeLeftovers(false)).isEqualTo(wouldDelete);
        assertThat(names(store.weightsDir())).containsExactlyInAnyOrder(".lock", "index.json", "kept.safetensors");
        assertThat(store.verify(Optional.empty())).extracting(WeightStore.Verification::status)
                .containsExactly(WeightStore.Verification.Status.OK);
    }

    @Test
    void anImportInterruptedBeforeRegisteringLeavesNothing() throws Exception {
        WeightStore store = storeWith("kept");
        // SIGTERM, as Ctrl-C: the shutdown hook deletes the copy still waiting to be registered.
        stopImportWaitingToRegister(store, Process::destroy);

        assertThat(store.list()).extracting(StoredWeights::name).containsExactly("kept");
        assertThat(names(store.weightsDir())).containsExactlyInAnyOrder(".lock", "index.json", "kept.safetensors");
    }

    @Test
    void aRegistrationCutShortAfterTheRenameIsFinishedByTheNextWriter() throws IOException {
        WeightStore store = storeWith("a");
        // What a writer killed between renaming b's file into place and recording b leaves behind.
        Path b = GeneratedWeights.write(dir.resolve("b.safetensors"), 16, 2);
        Files.copy(b, store.weightsDir().resolve("b.safetensors"));
        writeIndex(store, store.list(), entry("b", b));

        assertThat(store.strays()).as("the pending entry names it").isEmpty();
        assertThat(store.removeLeftovers(false)).isEmpty();
        assertThat(store.list()).extracting(StoredWeights::name).containsExactly("a", "b");
        assertThat(store.find("b")).map(StoredWeights::sha256).contains(Sha256.of(b));
        assertThat(Files.readString(store.weightsDir().resolve("index.json"))).doesNotContain("pending");
    }

    @Test
    void aRegistrationCutShortBeforeTheRenameIsForgotten() throws IOException {
        WeightStore store = storeWith("a");
        StoredWeights before = store.find("a").orElseThrow();
        // A replacement of a whose file never arrived: a's file is still the old one.
        Path newA = GeneratedWeights.write(dir.resolve("new-a.safetensors"), 16, 5);
        writeIndex(store, store.list(), new StoredWeights("a", "a.safetensors", "safetensors", Sha256.of(newA), 0, "x",
                "unknown", "2024-01-01T00:00:00Z"));

        store.importFile(GeneratedWeights.write(dir.resolve("c.safetensors"), 16, 6), "c", false);

        assertThat(store.list()).extracting(StoredWeights::name).containsExactly("a", "c");
        assertThat(store.find("a")).contains(before);
        assertThat(store.verify(Optional.empty())).extracting(WeightStore.Verification::status)
                .containsOnly(WeightStore.Verification.Status.OK);
        assertThat(Files.readString(store.weightsDir().resolve("index.json"))).doesNotContain("pending");
    }

    @Test
    void straysAreListedAndGcDeletesThemAndNothingElse() throws IOException {
        WeightStore store = storeWith("a");
        Path weights = store.weightsDir();
        // An index entry whose file is a link leading out: named, so never a stray, never deleted.
        Path victim = GeneratedWeights.write(dir.resolve("victim.safetensors"), 16, 9);
        Files.createSymbolicLink(weights.resolve("evil.safetensors"), victim);
        List<StoredWeights> entries = new ArrayList<>(store.list());
        entries.add(entry("evil", victim));
        writeIndex(store, entries, null);

        Path orphan = GeneratedWeights.write(weights.resolve("orphan.safetensors"), 1000, 1);
        Path notes = Files.writeString(weights.resolve("notes.txt"), "mine");
        Path outside = Files.writeString(dir.resolve("outside.txt"), "not the store's");
        Path strayLink = Files.createSymbolicLink(weights.resolve("link.pth"), outside);
        Path ownFolder = Files.createDirectories(weights.resolve("mine"));
        Path inOwnFolder = Files.writeString(ownFolder.resolve("keep.pth"), "mine");
        Path download = Files.writeString(Files.createDirectories(store.downloadsDir()).resolve("vgg16.pth.part"), "half");
        long self = ProcessHandle.current().pid();
        Path liveTemporary = Files.writeString(weights.resolve(".x.safetensors." + self + "-abcdef.part"), "being written");
        Path staleTemporary = Files.writeString(weights.resolve(".y.safetensors." + self + "-ghijkl.part"), "left");
        Files.setLastModifiedTime(staleTemporary, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        assertThat(store.strays()).extracting(WeightStore.Leftover::file).containsExactly(strayLink, notes, orphan);
        assertThat(store.strays()).extracting(WeightStore.Leftover::kind).containsOnly(WeightStore.Leftover.Kind.STRAY);
        assertThat(store.strays().get(2).size()).isEqualTo(Files.size(orphan));

        List<WeightStore.Leftover> wouldDelete = store.removeLeftovers(true);
        assertThat(wouldDelete).extracting(WeightStore.Leftover::file)
                .containsExactly(strayLink, notes, orphan, staleTemporary);
        assertThat(Stream.of(strayLink, notes, orphan, staleTemporary)).allMatch(Files::exists);

        assertThat(store.removeLeftovers(false)).isEqualTo(wouldDelete);
        assertThat(Stream.of(strayLink, notes, orphan, staleTemporary))
                .noneMatch(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS));
        assertThat(Stream.of(outside, victim, weights.resolve("evil.safetensors"), inOwnFolder, download, liveTemporary,
                weights.resolve("a.safetensors"), weights.resolve(".lock"), weights.resolve("index.json")))
                .allMatch(Files::exists);
        assertThat(store.list()).extracting(StoredWeights::name).containsExactly("a", "evil");
        assertThat(store.strays()).isEmpty();
        assertThat(store.removeLeftovers(false)).isEmpty();
    }

    @Test
    void aStoreNotYetCreatedHasNoLeftoversAndStaysUncreated() throws IOException {
        WeightStore store = new WeightStore(dir.resolve("nothing"));
        assertThat(store.strays()).isEmpty();
        assertThat(store.removeLeftovers(false)).isEmpty();
        assertThat(dir.resolve("nothing")).doesNotExist();
    }

    private WeightStore storeWith(String name) throws IOException {
        WeightStore store = new WeightStore(dir.resolve("store"));
        store.importFile(GeneratedWeights.write(dir.resolve(name + ".safetensors"), 16, 1), name, false);
        return store;
    }

    /** An entry for {@code file} as the store would record it under {@code name}. */
    private static StoredWeights entry(String name, Path file) throws IOException {
        return new StoredWeights(name, name + ".safetensors", "safetensors", Sha256.of(file), Files.size(file),
                file.toString(), "unknown", "2024-01-01T00:00:00Z");
    }

    private static void writeIndex(WeightStore store, List<StoredWeights> entries, StoredWeights pending)
            throws IOException {
        new WeightIndex(store.weightsDir().resolve("index.json")).save(entries, pending);
    }

    /**
     * Imports a 4 MiB file into {@code store} in another process and applies {@code stop} to it once its copy is
     * complete: holding the store's lock keeps it waiting there, before it registers anything.
     *
     * @return the size of the copy
     */
    private long stopImportWaitingToRegister(WeightStore store, Consumer<Process> stop) throws Exception {
        Path big = GeneratedWeights.write(dir.resolve("big.safetensors"), 1 << 20, 3);
        try (LockFile held = LockFile.acquire(store.weightsDir().resolve(".lock"), Duration.ZERO)) {
            Process child = ImportIntoStore.start(dir.resolve("child.log"), store.root().toString(), big.toString(), "big");
            awaitCompleteCopy(store, Files.size(big), child);
            stop.accept(child);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
        }
        return Files.size(big);
    }

    /** Waits until the other process's temporary copy in the store is complete. */
    private static void awaitCompleteCopy(WeightStore store, long size, Process child)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && child.isAlive()) {
            try (Stream<Path> files = Files.list(store.weightsDir())) {
                Optional<Path> copy = files.filter(p -> AtomicFiles.isTemporaryName(p.getFileName().toString())
                        && p.getFileName().toString().startsWith(".big.")).findFirst();
                if (copy.isPresent() && Files.size(copy.get()) == size) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the import process made no complete copy (alive: " + child.isAlive() + ")");
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
