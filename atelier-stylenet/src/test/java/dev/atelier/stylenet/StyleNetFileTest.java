package dev.atelier.stylenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.atelier.core.InvalidInputException;
import dev.atelier.style.image.RgbImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StyleNetFileTest {
    private static final StyleNetArchitecture SMALL = new StyleNetArchitecture(4, 8, 8, 1);

    @TempDir
    Path dir;

    @Test
    void aWrittenNetworkReadsBackAndPaintsTheSamePicture() throws Exception {
        Path file = dir.resolve("net.stylenet");
        RgbImage photo = TinyPhotos.noise(23, 19, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerNetwork net = TransformerNetwork.create(SMALL, 11, m);
            StyleNetFile.write(file, net, true, Map.of("style", "stripes.png"));
            float[] before = new StyleNetApplier(net, false, m).apply(photo).pixels();
            StyleNetFile.Loaded loaded = StyleNetFile.read(file, m);
            assertThat(loaded.network().architecture()).isEqualTo(SMALL);
            assertThat(loaded.keepColors()).isTrue();
            assertThat(loaded.metadata()).containsEntry("style", "stripes.png").containsEntry("version", "1");
            assertThat(new StyleNetApplier(loaded.network(), false, m).apply(photo).pixels()).containsExactly(before);
        }
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("net.stylenet");
    }

    @Test
    void theFileIsSafetensors() throws Exception {
        Path file = dir.resolve("net.stylenet");
        try (NDManager m = NDManager.newBaseManager()) {
            StyleNetFile.write(file, TransformerNetwork.create(SMALL, 11, m), false, Map.of());
        }
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).contains("\"format\":\"atelier-style-net\"", "\"dtype\":\"F32\"", "\"data_offsets\"");
    }

    private Path valid() throws Exception {
        Path file = dir.resolve("valid.stylenet");
        try (NDManager m = NDManager.newBaseManager()) {
            StyleNetFile.write(file, TransformerNetwork.create(SMALL, 11, m), false, Map.of());
        }
        return file;
    }

    private void assertRejected(byte[] bytes, String expected) throws Exception {
        Path file = dir.resolve("hostile.stylenet");
        Files.write(file, bytes);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> StyleNetFile.read(file, m)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is not a usable style network").hasMessageContaining(expected)
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void truncatedFilesAreRejected() throws Exception {
        byte[] good = Files.readAllBytes(valid());
        assertRejected(Arrays.copyOf(good, good.length - 4), "truncated");
        assertRejected(Arrays.copyOf(good, 5), "too short");
        assertRejected(Arrays.copyOf(good, 100), "header declares");
    }

    @Test
    void oversizedAndGarbageHeadersAreRejected() throws Exception {
        ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE);
        assertRejected(huge.array(), "header declares");
        ByteBuffer negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8);
        assertRejected(negative.array(), "header declares");
        byte[] garbage = new byte[64];
        ByteBuffer.wrap(garbage).order(ByteOrder.LITTLE_ENDIAN).putLong(40);
        Arrays.fill(garbage, 8, 64, (byte) '{');
        assertRejected(garbage, "not JSON");
    }

    @Test
    void lyingHeadersAreRejectedBeforeAnythingLarge() throws Exception {
        byte[] good = Files.readAllBytes(valid());
        long n = ByteBuffer.wrap(good, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(good, 8, (int) n, StandardCharsets.UTF_8);
        // a larger architecture than the data holds is refused before its network is allocated
        assertRejected(withHeader(good, n, header.replace("[4,8,8]", "[4,8,9]")), "needs at least");
        assertRejected(withHeader(good, n, header.replace("[4,8,8]", "[512,512,512]")), "needs at least");
        // one as large as the data but laid out otherwise: the tensors do not match
        assertRejected(withHeader(good, n, header.replace("[4,8,8]", "[4,8,7]")), "tensor");
        assertRejected(withHeader(good, n, header.replace("[4,8,8]", "[4,8,100000]")), "widths");
        assertRejected(withHeader(good, n, header.replace("\"version\":\"1\"", "\"version\":\"9\"")), "version 9");
        assertRejected(withHeader(good, n, header.replace("atelier-style-net", "something-else")), "not a style network");
        assertRejected(withHeader(good, n, header.replace("\"F32\"", "\"F64\"")), "F64");
    }

    /** The file with its header text replaced, padded with spaces to the same length when shorter. */
    private static byte[] withHeader(byte[] file, long n, String header) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(h, Math.max(h.length, (int) n));
        Arrays.fill(padded, h.length, padded.length, (byte) ' ');
        ByteBuffer out = ByteBuffer.allocate(8 + padded.length + file.length - 8 - (int) n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded.length).put(padded).put(file, 8 + (int) n, file.length - 8 - (int) n);
        return out.array();
    }
}
