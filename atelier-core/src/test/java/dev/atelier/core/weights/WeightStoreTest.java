package dev.atelier.core.weights;

import dev.atelier.core.SharedFixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightStoreTest {
    /** The fixture's SHA-256 as published in vgg16_bn_features_fixture.json ("weights_sha256"). */
    private static final String FIXTURE_SHA256 = "cebf64ef95a850e006898731098e161e403be1b0204ffc7d952d88ca9b689d1b";

    @TempDir
    Path dir;

    @Test
    void importRecordsHashSizeArchitectureAndSurvivesReopening() throws IOException {
        Path fixture = SharedFixtures.require("vgg16_bn_features_fixture.pth");
        WeightStore store = new WeightStore(dir.resolve("cache"));

        StoredWeights e = store.importFile(fixture, "fixture", false);

        assertThat(e.sha256()).isEqualTo(FIXTURE_SHA256);
        assertThat(e.size()).isEqualTo(Files.size(fixture));
        assertThat(e.architecture()).isEqualTo("vgg16_bn");
        assertThat(e.format()).isEqualTo("pth (zip)");
        assertThat(e.source()).isEqualTo(fixture.toAbsolutePath().normalize().toString());
        assertThat(store.pathOf(e)).hasSameBinaryContentAs(fixture);
        WeightStore reopened = new WeightStore(dir.resolve("cache"));
        assertThat(reopened.list()).containsExactly(e);
        // Nothing half-written is left next to the stored file; the lock file stays for the next writer.
        try (var files = Files.list(store.weightsDir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("fixture.pth", "index.json", ".lock");
        }
    }

    @Test
    void resolvesNamesFilesAndArchitectures() throws IOException {
        Path fixture = SharedFixtures.require("vgg16_bn_features_fixture.pth");
        WeightStore store = new WeightStore(dir);
        store.importFile(fixture, "mine", false);

        ResolvedWeights byName = store.resolve("mine");
        assertThat(byName.sha256()).isEqualTo(FIXTURE_SHA256);
        assertThat(byName.stateDict().size()).isEqualTo(91);
        ResolvedWeights byFile = store.resolve(fixture.toString());
        assertThat(byFile.sha256()).isEqualTo(FIXTURE_SHA256);
        assertThat(byFile.file()).isEqualTo(fixture);
        assertThat(store.findFor("vgg16_bn")).map(ResolvedWeights::name).contains("mine");
        assertThat(store.findFor("vgg19")).isEmpty();
    }

    @Test
    void findForPrefersTheEntryNamedLikeTheArchitecture(@TempDir Path files) throws IOException {
        // Tiny stand-ins with vgg16's layer layout: the detector reads indices and output widths only.
        int[] convs = {0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28};
        int[] widths = {64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512};
        Map<String, TensorData> t = new java.util.LinkedHashMap<>();
        for (int i = 0; i < convs.length; i++) {
            t.put("features." + convs[i] + ".weight",
                    TensorData.ofFloats(new long[] {widths[i], 1, 1, 1}, new float[widths[i]]));
        }
        Path a = files.resolve("a.safetensors");
        SafetensorsWriter.write(a, new StateDict(t), Map.of());
        Path b = files.resolve("b.safetensors");
        SafetensorsWriter.write(b, new StateDict(t), Map.of("copy", "2"));
        WeightStore store = new WeightStore(dir);
        store.importFile(a, "first", false);
        assertThat(store.findFor("vgg16")).map(ResolvedWeights::name).contains("first");
        store.importFile(b, "vgg16", false);

        assertThat(store.find("first")).map(StoredWeights::architecture).contains("vgg16");
        assertThat(store.findFor("vgg16")).map(ResolvedWeights::name).contains("vgg16");
        assertThat(store.find("vgg16")).map(StoredWeights::file).contains("vgg16.safetensors");
        assertThat(store.findFor("vgg16_bn")).isEmpty();
    }

    @Test
    void unknownNameListsWhatIsStoredAndHowToAddWeights() throws IOException {
        WeightStore store = new WeightStore(dir);
        store.importFile(SharedFixtures.require("vgg16_bn_first_block_legacy.pth"), "block1", false);

        assertThatThrownBy(() -> store.resolve("vgg19"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no weights named 'vgg19'")
                .hasMessageContaining("stored: block1")
                .hasMessageContaining("Fetch known weights into the store (vgg16, ")
                .hasMessageContaining("or import a weight file into it");
        assertThatThrownBy(() -> store.resolve("missing/file.pth"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("no such weight file: missing/file.pth");
    }

    @Test
    void refusesNonWeightFilesBadNamesAndSilentReplacement() throws IOException {
        WeightStore store = new WeightStore(dir.resolve("cache"));
        Path text = Files.writeString(dir.resolve("readme.pth"), "hello");
        assertThatThrownBy(() -> store.importFile(text, "x", false)).isInstanceOf(InvalidInputException.class);
        assertThat(store.list()).isEmpty();
        assertThatThrownBy(() -> store.importFile(text, "../evil", false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a usable weight name");

        Path legacy = SharedFixtures.require("vgg16_bn_first_block_legacy.pth");
        store.importFile(legacy, "w", false);
        assertThatThrownBy(() -> store.importFile(legacy, "w", false))
                .isInstanceOf(WeightStore.NameTakenException.class)
                .hasMessage("the store already holds weights named 'w'");
        store.importFile(legacy, "w", true);
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void verifyDetectsATamperedOrMissingFile() throws IOException {
        WeightStore store = new WeightStore(dir);
        StoredWeights a = store.importFile(SharedFixtures.require("vgg16_bn_first_block_legacy.pth"), "a", false);
        StoredWeights b = store.importFile(SharedFixtures.require("vgg16_bn_first_block_legacy.pth"), "b", false);
        assertThat(store.verify(Optional.empty())).extracting(WeightStore.Verification::status)
                .containsExactly(WeightStore.Verification.Status.OK, WeightStore.Verification.Status.OK);

        Files.write(store.pathOf(a), new byte[] {1}, StandardOpenOption.APPEND);
        Files.delete(store.pathOf(b));

        assertThat(store.verify(Optional.empty())).extracting(WeightStore.Verification::status)
                .containsExactly(WeightStore.Verification.Status.MISMATCH, WeightStore.Verification.Status.MISSING);
        assertThat(store.verify(Optional.of("a")).get(0).actualSha256()).isEqualTo(Sha256.of(store.pathOf(a)));
        assertThatThrownBy(() -> store.verify(Optional.of("zzz"))).isInstanceOf(InvalidInputException.class);
    }
}
