package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs of issue #21, end to end: a hand-edited GAN checkpoint, a data set with no images, a
 * device or a folder where a file is read, a file where the studio's data folder goes. Each is one line on
 * stderr naming the file (and the field), exit code 2, no stack trace, and nothing written. The hostile
 * files are made here, in a temporary folder.
 */
class HostileInputCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path data;
    private static Path phases;
    private static Path ckpt;

    /** One tiny finished GAN run (5 iterations) that the hostile checkpoints are edited from. */
    @BeforeAll
    static void trainOnce() throws Exception {
        data = TinyFashionMnist.create(tmp.resolve("fmnist"), 32, 8);
        phases = tmp.resolve("tiny-gan.json");
        Files.writeString(phases, """
                {"phases": [
                  {"iterations": 2, "data": "4px", "optimizer": "adam", "lr": 0.001, "momentum": 0, "beta2": 0.99},
                  {"iterations": 2, "data": "8px", "optimizer": "adam", "lr": 0.001, "momentum": 0, "beta2": 0.99,
                   "values": {"fadeIn": {"start": 0, "end": 1, "decay": "linear"}}},
                  {"iterations": 1, "data": "8px", "optimizer": "adam", "lr": 0.001, "momentum": 0, "beta2": 0.99}
                ]}
                """);
        ckpt = tmp.resolve("gan.ckpt");
        CliRun trained = CliRun.execute("gan", "train", "fashion-mnist", "--data", data.toString(), "--phases",
                phases.toString(), "-o", ckpt.toString(), "--sample-every", "0", "--samples", tmp.resolve("s").toString());
        assertThat(trained.code()).as(trained.err()).isZero();
    }

    @Test
    void aNegativeIterationIsRefusedBeforeAnyProgressBar() throws IOException {
        Path bad = editHeader("negative.ckpt", h -> h.put("iteration", -5));
        Path out = tmp.resolve("resumed-negative.ckpt");
        CliRun r = resume(bad, out);
        assertRefused(r, bad + " is a damaged GAN checkpoint: gan.json: iteration must be 0 or more, got -5");
        assertThat(out).doesNotExist();
    }

    @Test
    void anIterationPastThePhasesIsRefused() throws IOException {
        Path bad = editHeader("past.ckpt", h -> h.put("iteration", 50));
        Path out = tmp.resolve("resumed-past.ckpt");
        assertRefused(resume(bad, out), bad + " is a damaged GAN checkpoint: iteration 50 is past the end of its"
                + " phases (5 iterations)");
        assertThat(out).doesNotExist();
    }

    @Test
    void aLevelOutsideTheGrowthIsRefusedByTrainAndSample() throws IOException {
        Path bad = editHeader("level.ckpt", h -> h.put("level", 99));
        Path out = tmp.resolve("resumed-level.ckpt");
        assertRefused(resume(bad, out), bad + " is a damaged GAN checkpoint: gan.json: level must be in 0..3");
        Path grid = tmp.resolve("level.png");
        assertRefused(CliRun.execute("gan", "sample", bad.toString(), "-n", "4", "-o", grid.toString()),
                bad + " is a damaged GAN checkpoint: gan.json: level must be in 0..3");
        assertThat(out).doesNotExist();
        assertThat(grid).doesNotExist();
    }

    @Test
    void anAlphaGivenAsAStringIsNotCoerced() throws IOException {
        Path bad = editHeader("alpha.ckpt", h -> h.put("alpha", "NaN"));
        Path grid = tmp.resolve("alpha.png");
        assertRefused(CliRun.execute("gan", "sample", bad.toString(), "-n", "4", "-o", grid.toString()),
                bad + " is not a GAN checkpoint: its gan.json is not readable (field 'alpha' is not a valid double");
        assertThat(grid).doesNotExist();
    }

    @Test
    void bytesAfterTheLastTensorAreRefused() throws IOException {
        Map<String, byte[]> entries = entries(ckpt);
        byte[] tensors = entries.get("tensors.bin");
        entries.put("tensors.bin", java.util.Arrays.copyOf(tensors, tensors.length + 8));
        Path bad = tmp.resolve("trailing.ckpt");
        writeZip(bad, entries);
        Path grid = tmp.resolve("trailing.png");
        assertRefused(CliRun.execute("gan", "sample", bad.toString(), "-n", "4", "-o", grid.toString()),
                bad + " is a damaged GAN checkpoint: tensors.bin has 8 bytes after its last tensor");
        assertThat(grid).doesNotExist();
    }

    @Test
    void resumeFromADeviceOrAFolderSaysWhatItIs() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero on this system");
        Path out = tmp.resolve("from-device.ckpt");
        assertRefused(resume(zero, out), "/dev/zero is not a regular file (a device, pipe or socket), so it cannot be"
                + " a GAN checkpoint");
        assertRefused(resume(tmp, out), tmp + " is a folder, not a GAN checkpoint");
        Path dir = tmp.resolve("train-device");
        assertRefused(CliRun.execute("train", "fashion-mnist", "--data", data.toString(), "--no-progress", "--epochs",
                "1", "--resume", zero.toString(), "--checkpoint-dir", dir.toString()),
                "/dev/zero is not a regular file (a device, pipe or socket), so it cannot be a checkpoint");
        assertThat(out).doesNotExist();
        assertThat(dir).doesNotExist();
    }

    @Test
    void phasesGivenAFolderSaysItIsAFolder() {
        Path out = tmp.resolve("phases-folder.ckpt");
        assertRefused(CliRun.execute("gan", "train", "fashion-mnist", "--data", data.toString(), "--phases",
                tmp.toString(), "-o", out.toString()), tmp + " is a folder, not a phases file");
        assertRefused(CliRun.execute("train", "fashion-mnist", "--data", data.toString(), "--no-progress", "--phases",
                tmp.toString()), tmp + " is a folder, not a phases file");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFashionMnistFolderWithNoImagesIsOneLineNamingTheFile() throws IOException {
        Path empty = tmp.resolve("empty-fmnist");
        Files.createDirectories(empty);
        for (String prefix : new String[] {"train", "t10k"}) {
            Files.write(empty.resolve(prefix + "-images-idx3-ubyte"), idx(new int[] {0, 28, 28}));
            Files.write(empty.resolve(prefix + "-labels-idx1-ubyte"), idx(new int[] {0}));
        }
        Path dir = tmp.resolve("empty-run");
        assertRefused(CliRun.execute("train", "fashion-mnist", "--data", empty.toString(), "--no-progress", "--epochs",
                "1", "--checkpoint-dir", dir.toString()),
                empty.resolve("train-images-idx3-ubyte") + " holds no images (its IDX header declares [0, 28, 28])");
        assertThat(dir).doesNotExist();
    }

    @Test
    void anImageFolderWithNoImagesIsOneLineNamingIt() throws IOException {
        Path folder = tmp.resolve("no-images");
        Files.createDirectories(folder.resolve("a"));
        Files.createDirectories(folder.resolve("b"));
        assertRefused(CliRun.execute("train", "image-folder", folder.toString(), "--no-progress", "--epochs", "1"),
                "image folder " + folder + " holds no images");
    }

    @Test
    void studioDataThatIsAFileIsSaidSo() throws IOException {
        Path file = Files.writeString(tmp.resolve("passwd"), "root:x:0:0");
        assertRefused(CliRun.execute("studio", "--port", "0", "--data", file.toString()),
                "atelier: --data: the data folder " + file + " is a file, not a folder");
        assertThat(file).hasContent("root:x:0:0");
    }

    @Test
    void aRefusedStudioStartCreatesNoDataFolder() throws Exception {
        Path folder = tmp.resolve("studio-data");
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertRefused(CliRun.execute("studio", "--port", "" + busy.getLocalPort(), "--data", folder.toString()),
                    "atelier: --port: cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }
        assertThat(folder).doesNotExist();
        assertRefused(CliRun.execute("studio", "--port", "0", "--host", "no-such-host.invalid", "--token", "12345678abc",
                "--data", folder.toString()), "no-such-host.invalid");
        assertThat(folder).doesNotExist();
    }

    /** Exit code 2, one line on stderr that contains {@code expected}, no stack trace. */
    private static void assertRefused(CliRun r, String expected) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("atelier: ").contains(expected).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }

    private static CliRun resume(Path from, Path out) {
        return CliRun.execute("gan", "train", "fashion-mnist", "--data", data.toString(), "--phases", phases.toString(),
                "-o", out.toString(), "--resume", from.toString(), "--samples", tmp.resolve("s2").toString());
    }

    private static Path editHeader(String name, Consumer<ObjectNode> change) throws IOException {
        Map<String, byte[]> entries = entries(ckpt);
        ObjectNode header = (ObjectNode) JSON.readTree(entries.get("gan.json"));
        change.accept(header);
        entries.put("gan.json", JSON.writeValueAsBytes(header));
        Path bad = tmp.resolve(name);
        writeZip(bad, entries);
        return bad;
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

    /** An IDX header with {@code dims} whose product is 0: no values follow. */
    private static byte[] idx(int[] dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(bytes);
        o.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            o.writeInt(d);
        }
        return bytes.toByteArray();
    }
}
