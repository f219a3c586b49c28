package dev.atelier.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weight files that declare more than they hold: decompression bombs, views that would expand a
 * tiny storage into gigabytes, and sizes whose products overflow 64 bits. Each must be refused with
 * one line naming the file, before anything large is allocated.
 */
class HostileWeightFilesTest {
    @TempDir
    Path dir;

    private static TestCheckpoints.View view(long[] shape, long[] stride) {
        return new TestCheckpoints.View("0", 0, shape, stride);
    }

    /** A small archive whose one storage inflates from ~64 KiB to 64 MiB of zeros. */
    @Test
    void zipBombStorageIsRefusedBeforeInflating() throws IOException {
        long numel = 16L << 20;
        Path bomb = dir.resolve("bomb.pth");
        byte[] pickle = TestCheckpoints.stateDictPickle(
                Map.of("w", view(new long[] {numel}, new long[] {1})), Map.of("0", numel), "FloatStorage");
        try (OutputStream os = Files.newOutputStream(bomb); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("archive/data/0")); // DEFLATED, unlike torch.save
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(1L << 20);

        assertThatThrownBy(() -> WeightFiles.read(bomb))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(bomb.toString())
                .hasMessageContaining("decompression bomb")
                .hasMessageContaining(WeightLimits.MAX_EXPANSION_PROPERTY);
    }

    @Test
    void theExpansionLimitCanBeRaised() throws IOException {
        Path zeros = dir.resolve("zeros.pth");
        // 20 MiB of zeros in a tiny deflated archive: over the 16 MiB allowance, under 1000x.
        long numel = 5L << 20;
        byte[] pickle = TestCheckpoints.stateDictPickle(
                Map.of("w", view(new long[] {numel}, new long[] {1})), Map.of("0", numel), "FloatStorage");
        try (OutputStream os = Files.newOutputStream(zeros); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pickle);
            zip.putNextEntry(new ZipEntry("archive/data/0"));
            zip.write(new byte[(int) (numel * 4)]);
            zip.closeEntry();
        }
        assertThatThrownBy(() -> WeightFiles.read(zeros)).hasMessageContaining("decompression bomb");
        String before = System.getProperty(WeightLimits.MAX_EXPANSION_PROPERTY);
        System.setProperty(WeightLimits.MAX_EXPANSION_PROPERTY, "100000");
        try {
            assertThat(WeightFiles.read(zeros).require("w", numel).numel()).isEqualTo(numel);
        } finally {
            restore(WeightLimits.MAX_EXPANSION_PROPERTY, before);
        }
        System.setProperty(WeightLimits.MAX_BYTES_PROPERTY, "1m");
        try {
            assertThatThrownBy(() -> WeightFiles.read(zeros)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("over the limit of 1048576")
                    .hasMessageContaining(WeightLimits.MAX_BYTES_ENV);
        } finally {
            System.clearProperty(WeightLimits.MAX_BYTES_PROPERTY);
        }
    }

    @Test
    void aBadLimitSettingIsReportedOnOneLine() throws IOException {
        Path file = dir.resolve("ok.pth");
        TestCheckpoints.writeZip(file, Map.of("w", view(new long[] {2}, new long[] {1})), Map.of("0", new float[2]));
        System.setProperty(WeightLimits.MAX_BYTES_PROPERTY, "lots");
        try {
            assertThatThrownBy(() -> WeightFiles.read(file)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("system property " + WeightLimits.MAX_BYTES_PROPERTY
                            + " is 'lots', expected a whole number (bytes may end in k, m, g or t)");
        } finally {
            System.clearProperty(WeightLimits.MAX_BYTES_PROPERTY);
        }
    }

    /** A one-element storage viewed with stride 0 as 10^8 elements (400 MB): not copied out. */
    @Test
    void aZeroStrideViewCannotExpandATinyStorage() throws IOException {
        Map<String, TestCheckpoints.View> views = Map.of("w", view(new long[] {100_000_000}, new long[] {0}));
        Path zip = dir.resolve("broadcast.pth");
        TestCheckpoints.writeZip(zip, views, Map.of("0", new float[] {1}));
        Path legacy = dir.resolve("broadcast-legacy.pth");
        TestCheckpoints.writeLegacy(legacy, views, Map.of("0", new float[] {1}));
        for (Path file : new Path[] {zip, legacy}) {
            assertThatThrownBy(() -> WeightFiles.read(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(file.toString())
                    .hasMessageContaining("tensor 'w' expands to 4000");
        }
    }

    @Test
    void aShapeOf2To32By2To32IsRefusedNotOverflowed() throws IOException {
        long big = 1L << 32;
        Map<String, TestCheckpoints.View> views = Map.of("w", view(new long[] {big, big}, new long[] {big, 1}));
        Path zip = dir.resolve("huge.pth");
        TestCheckpoints.writeZip(zip, views, Map.of("0", new float[4]));
        Path legacy = dir.resolve("huge-legacy.pth");
        TestCheckpoints.writeLegacy(legacy, views, Map.of("0", new float[4]));
        for (Path file : new Path[] {zip, legacy}) {
            assertThatThrownBy(() -> WeightFiles.read(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(file.toString())
                    .hasMessageContaining("impossible shape [4294967296, 4294967296]");
        }
    }

    @Test
    void aLegacyStorageCountOf2To62IsRefused() throws IOException {
        Path file = dir.resolve("numel.pth");
        TestCheckpoints.writeLegacy(file, Map.of("w", view(new long[] {2}, new long[] {1})),
                Map.of("0", new float[2]), Map.of("0", 1L << 62));
        assertThatThrownBy(() -> WeightFiles.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("storage '0' declares an impossible size of 4611686018427387904");
    }

    /** A storage count of 2^31-1 bytes in a file of a few hundred bytes: refused before reading. */
    @Test
    void aLegacyStorageLargerThanTheFileIsRefused() throws IOException {
        Path file = dir.resolve("long.pth");
        TestCheckpoints.writeLegacy(file, Map.of("w", view(new long[] {2}, new long[] {1})),
                Map.of("0", new float[2]), Map.of("0", (long) Integer.MAX_VALUE / 4));
        assertThatThrownBy(() -> WeightFiles.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than the whole file");
    }

    @Test
    void safetensorsShapesThatOverflowAreRefused() throws IOException {
        // 2^32 x 2^32 overflows; [2^62] F32 is 2^64 bytes, which wraps to 0 in unchecked arithmetic;
        // 2^64 does not fit a long at all.
        for (String shape : new String[] {"[4294967296,4294967296]", "[4611686018427387904]", "[18446744073709551616]"}) {
            Path file = safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,0]}}", 0);
            assertThatThrownBy(() -> WeightFiles.read(file)).as(shape)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(file.toString())
                    .hasMessageContaining("safetensors tensor 'w'");
        }
    }

    @Test
    void safetensorsWithoutTensorsIsRefused() throws IOException {
        Path empty = safetensors("{}", 0);
        Path onlyMetadata = safetensors("{\"__metadata__\":{\"format\":\"pt\"}}", 0);
        for (Path file : new Path[] {empty, onlyMetadata}) {
            assertThatThrownBy(() -> WeightFiles.read(file)).isInstanceOf(InvalidInputException.class)
                    .hasMessage(file + " holds no tensors");
        }
    }

    @Test
    void safetensorsWithADuplicateKeyIsRefused() throws IOException {
        Path file = safetensors("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1);
        assertThatThrownBy(() -> WeightFiles.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Duplicate field 'w'");
    }

    @Test
    void aDictKeyThatContainsItselfIsRefused() throws IOException {
        // {l: None} where l = [l]: hashing l would recurse without end.
        TestCheckpoints.Pickle p = new TestCheckpoints.Pickle().op(0x80, 2).op('}').op(']').op('q', 0).op('h', 0)
                .op('a').op('N').op('s').op('.');
        Path zip = dir.resolve("cycle.pth");
        TestCheckpoints.writeZipEntries(zip, Map.of("archive/data.pkl", p.bytes()));
        assertThatThrownBy(() -> WeightFiles.read(zip)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a dict key is a list of 1 items");
    }

    @Test
    void aTextIntegerThatDoesNotParseIsOneLine() throws IOException {
        TestCheckpoints.Pickle p = new TestCheckpoints.Pickle().op('I')
                .raw("12x\n".getBytes(StandardCharsets.US_ASCII)).op('.');
        Path zip = dir.resolve("int.pth");
        TestCheckpoints.writeZipEntries(zip, Map.of("archive/data.pkl", p.bytes()));
        assertThatThrownBy(() -> WeightFiles.read(zip)).isInstanceOf(InvalidInputException.class)
                .hasMessage(zip + ": malformed pickle: bad argument to opcode 0x49");
    }

    @Test
    void directoriesDevicesAndPipesAreNamedForWhatTheyAre() throws Exception {
        assertThatThrownBy(() -> WeightFiles.read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir + " is a folder, not a weight file");
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            assertThatThrownBy(() -> WeightFiles.read(zero)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("/dev/zero is not a regular file (a device, pipe or socket), so it cannot be a weight file");
        }
        Path fifo = dir.resolve("pipe.pth");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            assertThatThrownBy(() -> WeightFiles.read(fifo)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is not a regular file");
        }
        assertThatThrownBy(() -> WeightFiles.read(dir.resolve("nope.pth"))).hasMessageStartingWith("no such weight file");
    }

    private Path safetensors(String json, int dataBytes) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Path file = Files.createTempFile(dir, "t", ".safetensors");
        Files.write(file, b.array());
        return file;
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
