package dev.atelier.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store never reads, replaces or deletes a file outside its folder, whatever its index says:
 * {@code ../../x}, an absolute path, or a symbolic link that leads out.
 */
class WeightStoreBoundaryTest {
    @TempDir
    Path dir;

    private Path weightFile(String name) throws IOException {
        Path f = dir.resolve(name);
        SafetensorsWriter.write(f, new StateDict(Map.of("w", TensorData.ofFloats(new long[] {2}, new float[] {1, 2}))),
                Map.of());
        return f;
    }

    /** A store whose index gives {@code evil} the file {@code fileField}. */
    private WeightStore storeWithEntry(String fileField) throws IOException {
        WeightStore store = new WeightStore(dir.resolve("cache"));
        store.importFile(weightFile("good.safetensors"), "good", false);
        Path index = store.weightsDir().resolve("index.json");
        String json = Files.readString(index);
        String evil = "{\"name\":\"evil\",\"file\":\"" + fileField + "\",\"format\":\"safetensors\",\"sha256\":\"00\","
                + "\"size\":1,\"source\":\"x\",\"architecture\":\"unknown\",\"date\":\"2024-01-01T00:00:00Z\"}";
        Files.writeString(index, json.replaceFirst("\"entries\"\\s*:\\s*\\[", "\"entries\" : [ " + evil + ","));
        assertThat(store.find("evil")).isPresent();
        return store;
    }

    @Test
    void anIndexEntryPointingOutsideIsReportedNeverFollowed() throws IOException {
        Path victim = weightFile("victim.safetensors");
        byte[] before = Files.readAllBytes(victim);
        String relative = "../../" + victim.getFileName();
        for (String field : new String[] {relative, victim.toString(), "index.json", "downloads"}) {
            WeightStore store = storeWithEntry(field);

            assertThatThrownBy(() -> store.resolve("evil")).as(field)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("which is not a file inside the store");
            assertThat(store.verify(Optional.of("evil"))).extracting(WeightStore.Verification::status)
                    .containsExactly(WeightStore.Verification.Status.OUTSIDE_STORE);
            assertThat(store.verify(Optional.of("good"))).extracting(WeightStore.Verification::status)
                    .containsExactly(WeightStore.Verification.Status.OK);

            // Replacing the entry must not delete what it pointed at.
            store.importFile(weightFile("new.safetensors"), "evil", true);
            assertThat(victim).hasBinaryContent(before);
            assertThat(store.resolve("evil").stateDict().keys()).containsExactly("w");
            assertThat(store.weightsDir().resolve("index.json")).exists();
            deleteStore();
        }
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheStoreIsNotFollowed() throws IOException {
        Path victim = weightFile("victim.safetensors");
        WeightStore store = storeWithEntry("evil.safetensors");
        Files.createSymbolicLink(store.weightsDir().resolve("evil.safetensors"), victim);

        assertThatThrownBy(() -> store.resolve("evil")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a file inside the store");
        assertThat(store.verify(Optional.empty())).extracting(WeightStore.Verification::status)
                .containsExactly(WeightStore.Verification.Status.OUTSIDE_STORE, WeightStore.Verification.Status.OK);
        store.importFile(weightFile("new.safetensors"), "evil", true);
        assertThat(victim).exists();
    }

    @Test
    void anIndexWithoutRequiredFieldsIsDamaged() throws IOException {
        WeightStore store = new WeightStore(dir.resolve("cache"));
        Files.createDirectories(store.weightsDir());
        Files.writeString(store.weightsDir().resolve("index.json"), "{\"version\":1,\"entries\":[{\"name\":\"x\"}]}");
        assertThatThrownBy(store::list).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is damaged (entry 1 lacks its name, file or sha256)");
    }

    @Test
    void aDirectoryOrDeviceGivenAsWeightsIsNamedForWhatItIs() throws IOException {
        WeightStore store = new WeightStore(dir.resolve("cache"));
        Path folder = Files.createDirectories(dir.resolve("folder"));
        assertThatThrownBy(() -> store.resolve(folder.toString())).isInstanceOf(InvalidInputException.class)
                .hasMessage(folder + " is a folder, not a weight file");
        assertThatThrownBy(() -> store.importFile(folder, "folder", false)).isInstanceOf(InvalidInputException.class)
                .hasMessage(folder + " is a folder, not a weight file");
        if (Files.exists(Path.of("/dev/zero"))) {
            assertThatThrownBy(() -> store.importFile(Path.of("/dev/zero"), "zero", false))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("is not a regular file");
        }
    }

    private void deleteStore() throws IOException {
        try (var walk = Files.walk(dir.resolve("cache"))) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
