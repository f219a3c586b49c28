package dev.atelier.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of a GAN checkpoint is checked on load: a hand-edited {@code gan.json} or an appended
 * {@code tensors.bin} is one line naming the file and the field, never a coerced value, a progress bar at
 * a negative percentage or a missing parameter deep inside sampling. The hostile files are made here from
 * one real checkpoint.
 */
class GanCheckpointValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static final ProgressiveData DATA = new ProgressiveData(GanFixtures.images(8, 1), 4, 1);
    private static Path good;

    @BeforeAll
    static void writeOneRealCheckpoint() throws IOException {
        good = dir.resolve("good.ckpt");
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, DATA);
        try (NDManager m = NDManager.newBaseManager(); GanTrainer t = new GanTrainer(GanFixtures.TINY, plan, DATA, 42, m)) {
            for (int i = 0; i < 3; i++) {
                t.step();
            }
            GanCheckpoint.write(good, t, GanFixtures.PHASES);
        }
    }

    static Stream<Arguments> hostileHeaders() {
        return Stream.of(
                edit("negative iteration", h -> h.put("iteration", -5), "gan.json: iteration must be 0 or more, got -5"),
                edit("level past 32px", h -> h.put("level", 99), "gan.json: level must be in 0..3"),
                edit("negative level", h -> h.put("level", -1), "gan.json: level must be in 0..3"),
                edit("alpha as a string", h -> h.put("alpha", "NaN"), "field 'alpha' is not a valid double"),
                edit("alpha over 1", h -> h.put("alpha", 1.5), "gan.json: alpha must be a number in [0, 1], got 1.5"),
                edit("iteration as a string", h -> h.put("iteration", "3"), "field 'iteration' is not a valid long"),
                edit("fractional iteration", h -> h.put("iteration", 2.5), "field 'iteration' is not a valid long"),
                edit("level as a boolean", h -> h.put("level", true), "field 'level' is not a valid int"),
                edit("unknown field", h -> h.put("learningRate", 1), "unknown field 'learningRate'"),
                edit("missing seed", h -> h.remove("seed"), "field 'seed' is missing"),
                edit("null channels", h -> h.putNull("channels"), "field 'channels' is null"),
                edit("three channels", h -> h.putArray("channels").add(8).add(8).add(4),
                        "its configuration is invalid: give channels for 4 resolutions"),
                edit("zero latent size", h -> h.put("latentSize", 0), "its configuration is invalid: latent size"),
                edit("odd stddev group", h -> h.put("stddevGroup", 3), "its configuration is invalid: the stddev group"),
                edit("negative r1Gamma", h -> h.put("r1Gamma", -1.0), "its configuration is invalid: R1"),
                edit("format 1", h -> h.put("format", 1), "has GAN checkpoint format 1; this version reads 2 and 3"
                        + " (format 1 predates the weight average"),
                edit("format 4", h -> h.put("format", 4), "has GAN checkpoint format 4; this version reads 2 and 3"),
                edit("missing levelStart", h -> h.remove("levelStart"), "field 'levelStart' is missing"),
                edit("negative levelStart", h -> h.put("levelStart", -1),
                        "gan.json: levelStart must be in 0..iteration (3), got -1"),
                edit("levelStart after the iteration", h -> h.put("levelStart", 4),
                        "gan.json: levelStart must be in 0..iteration (3), got 4"),
                edit("levelStart as a string", h -> h.put("levelStart", "2"), "field 'levelStart' is not a valid long"),
                edit("format 2 with a levelStart", h -> h.put("format", 2), "unknown field 'levelStart'"),
                edit("format 2 lacking a field", h -> h.put("format", 2).without(java.util.List.of("levelStart", "seed")),
                        "field 'seed' is missing"),
                edit("unknown loss", h -> h.put("loss", "hinge"), "gan.json: loss must be one of r1, wgan-gp, got 'hinge'"),
                edit("missing loss", h -> h.remove("loss"), "field 'loss' is missing"),
                edit("EMA decay of 1", h -> h.put("emaDecay", 1.0), "its configuration is invalid: the EMA decay must be"
                        + " in [0, 1), got 1.0"),
                edit("fadeReals as a string", h -> h.put("fadeReals", "yes"), "field 'fadeReals'"),
                edit("empty fingerprint", h -> h.put("fingerprint", ""), "gan.json: fingerprint is empty"),
                edit("empty phases", h -> h.put("phases", " "), "gan.json: phases is empty"),
                edit("negative optimizer steps", h -> firstSlot(h).put("steps", -1), ".steps must be 0 or more, got -1"),
                edit("negative buffer age", h -> {
                    ObjectNode ages = (ObjectNode) firstSlot(h).get("ages");
                    ages.put(ages.fieldNames().next(), -2);
                }, "must be 0 or more, got -2"),
                edit("null buffer age", h -> {
                    ObjectNode ages = (ObjectNode) firstSlot(h).get("ages");
                    ages.putNull(ages.fieldNames().next());
                }, "must be 0 or more, got null"),
                edit("level 0 fading", h -> h.put("level", 0).put("alpha", 0.5), "alpha must be 1 at level 0"));
    }

    private static Arguments edit(String what, Consumer<ObjectNode> change, String expected) {
        return Arguments.of(what, change, expected);
    }

    private static ObjectNode firstSlot(ObjectNode header) {
        ObjectNode optimizer = (ObjectNode) header.get("optimizer");
        return (ObjectNode) optimizer.get(optimizer.fieldNames().next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileHeaders")
    void everyHeaderFieldIsChecked(String what, Consumer<ObjectNode> change, String expected) throws IOException {
        Path bad = dir.resolve(what.replace(' ', '-') + ".ckpt");
        Map<String, byte[]> entries = entries(good);
        ObjectNode header = (ObjectNode) JSON.readTree(entries.get("gan.json"));
        change.accept(header);
        entries.put("gan.json", JSON.writeValueAsBytes(header));
        writeZip(bad, entries);

        assertOneLineNaming(bad, expected);
    }

    @Test
    void textAfterTheHeaderObjectIsRefused() throws IOException {
        Path bad = dir.resolve("trailing-json.ckpt");
        Map<String, byte[]> entries = entries(good);
        entries.put("gan.json", (new String(entries.get("gan.json"), StandardCharsets.UTF_8) + " {\"level\": 3}")
                .getBytes(StandardCharsets.UTF_8));
        writeZip(bad, entries);
        assertOneLineNaming(bad, "its gan.json is not readable");
    }

    @Test
    void bytesAfterTheLastTensorAreRefused() throws IOException {
        Path bad = dir.resolve("trailing-bytes.ckpt");
        Map<String, byte[]> entries = entries(good);
        byte[] tensors = entries.get("tensors.bin");
        byte[] longer = java.util.Arrays.copyOf(tensors, tensors.length + 3);
        entries.put("tensors.bin", longer);
        writeZip(bad, entries);
        assertOneLineNaming(bad, "tensors.bin has 3 bytes after its last tensor");
    }

    @Test
    void aTensorTwiceIsRefused() throws IOException {
        Path bad = dir.resolve("twice.ckpt");
        Map<String, byte[]> entries = entries(good);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(table);
        out.writeInt(2);
        out.writeUTF("g0.conv1.w");
        out.writeInt(1);
        out.writeFloat(0);
        out.writeUTF("g0.conv1.w");
        out.writeInt(1);
        out.writeFloat(0);
        entries.put("tensors.bin", table.toByteArray());
        writeZip(bad, entries);
        assertOneLineNaming(bad, "tensors.bin holds g0.conv1.w twice");
    }

    @Test
    void aTensorOfTheWrongSizeOrAnUnknownOneIsRefusedNamingTheFile() throws IOException {
        GanCheckpoint.Contents read = GanCheckpoint.read(good);
        Map<String, float[]> shrunk = new LinkedHashMap<>(read.tensors());
        String first = shrunk.keySet().iterator().next();
        shrunk.put(first, new float[1]);
        GanCheckpoint.Contents wrongSize = new GanCheckpoint.Contents(good, read.header(), shrunk);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> wrongSize.generator(m)).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(good + " is a damaged GAN checkpoint: ").hasMessageContaining(first);
        }

        Map<String, float[]> extra = new LinkedHashMap<>(read.tensors());
        extra.put("g9.conv1.w", new float[1]);
        GanCheckpoint.Contents unknown = new GanCheckpoint.Contents(good, read.header(), extra);
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, DATA);
        try (NDManager m = NDManager.newBaseManager(); GanTrainer t = new GanTrainer(GanFixtures.TINY, plan, DATA, 42, m)) {
            assertThatThrownBy(() -> unknown.restoreInto(t, m)).isInstanceOf(InvalidInputException.class)
                    .hasMessage(good + " is a damaged GAN checkpoint: tensors.bin holds g9.conv1.w, which its"
                            + " configuration does not have");
        }
    }

    @Test
    void aCheckpointOffItsPhasesIsRefused() throws IOException {
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, DATA);
        GanCheckpoint.read(good).requireOn(plan); // the real one lies on its plan

        for (var c : java.util.List.<Object[]>of(
                new Object[] {"past-end", (Consumer<ObjectNode>) h -> h.put("iteration", 9),
                    "iteration 9 is past the end of its phases (8 iterations)"},
                new Object[] {"wrong-level", (Consumer<ObjectNode>) h -> h.put("level", 3),
                    "level 3 is not the level of its phases at iteration 3 (1)"},
                new Object[] {"wrong-alpha", (Consumer<ObjectNode>) h -> h.put("alpha", 0.75),
                    "alpha 0.75 is not the fade-in of its phases at iteration 3"},
                new Object[] {"wrong-level-start", (Consumer<ObjectNode>) h -> h.put("levelStart", 1),
                    "levelStart 1 is not the iteration its phases begin level 1 at (2)"})) {
            Path bad = dir.resolve(c[0] + ".ckpt");
            Map<String, byte[]> entries = entries(good);
            ObjectNode header = (ObjectNode) JSON.readTree(entries.get("gan.json"));
            @SuppressWarnings("unchecked")
            Consumer<ObjectNode> change = (Consumer<ObjectNode>) c[1];
            change.accept(header);
            entries.put("gan.json", JSON.writeValueAsBytes(header));
            writeZip(bad, entries);
            GanCheckpoint.Contents read = GanCheckpoint.read(bad);
            assertThatThrownBy(() -> read.requireOn(plan)).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(bad + " is a damaged GAN checkpoint: ").hasMessageContaining((String) c[2]);
        }
    }

    @Test
    void theLevelStartIsWrittenAndAFormat2FileIsStillReadWithItsLevelStartFromItsPhases() throws IOException {
        GanCheckpoint.Contents now = GanCheckpoint.read(good);
        // PHASES: 4px for 2 iterations, then 8px fading in from iteration 2; the checkpoint is at iteration 3
        assertThat(now.header().format()).isEqualTo(3);
        assertThat(now.header().levelStart()).isEqualTo(2);

        Path old = dir.resolve("format2.ckpt");
        Map<String, byte[]> entries = entries(good);
        ObjectNode header = (ObjectNode) JSON.readTree(entries.get("gan.json"));
        header.put("format", 2).remove("levelStart");
        entries.put("gan.json", JSON.writeValueAsBytes(header));
        writeZip(old, entries);
        GanCheckpoint.Contents read = GanCheckpoint.read(old);
        assertThat(read.header().format()).isEqualTo(2);
        assertThat(read.header().levelStart()).isEqualTo(2);
        read.requireOn(GanFixtures.plan(GanFixtures.PHASES, DATA)); // resumable as before
        assertThat(read.weights(GanCheckpoint.Weights.AUTO)).isEqualTo(now.weights(GanCheckpoint.Weights.AUTO));

        // phases that count epochs need the data set's size, which the file does not hold: not known
        Path epochs = dir.resolve("format2-epochs.ckpt");
        header.put("phases", GanFixtures.PHASES.replace("\"iterations\": 4", "\"epochs\": 2"));
        entries.put("gan.json", JSON.writeValueAsBytes(header));
        writeZip(epochs, entries);
        GanCheckpoint.Contents unknown = GanCheckpoint.read(epochs);
        assertThat(unknown.header().levelStart()).isEqualTo(GanCheckpoint.UNKNOWN);
        WeightChoice choice = unknown.weights(GanCheckpoint.Weights.AUTO);
        assertThat(choice.weights()).isEqualTo(GanCheckpoint.Weights.RAW);
        assertThat(choice.why()).contains("does not say when its newest layers began training");
    }

    @Test
    void aFolderOrADeviceIsSaidAsSuch() {
        assertThatThrownBy(() -> GanCheckpoint.read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir + " is a folder, not a GAN checkpoint");
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            assertThatThrownBy(() -> GanCheckpoint.read(zero)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("/dev/zero is not a regular file (a device, pipe or socket), so it cannot be a GAN"
                            + " checkpoint");
        }
        assertThatThrownBy(() -> GanCheckpoint.read(dir.resolve("none.ckpt"))).isInstanceOf(InvalidInputException.class)
                .hasMessage("no such GAN checkpoint: " + dir.resolve("none.ckpt"));
    }

    private static void assertOneLineNaming(Path file, String expected) {
        assertThatThrownBy(() -> GanCheckpoint.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static Map<String, byte[]> entries(Path zipFile) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(zipFile))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    private static void writeZip(Path file, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}
