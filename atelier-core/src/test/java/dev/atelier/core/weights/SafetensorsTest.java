package dev.atelier.core.weights;

import dev.atelier.core.SharedFixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** A file laid out by hand from the format's specification is read as specified. */
    @Test
    void readsAFileWrittenFromTheSpecification() throws IOException {
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).putFloat(-2.5f).putLong(42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.writeBytes(header);
        out.writeBytes(data.array());
        Path file = dir.resolve("spec.safetensors");
        Files.write(file, out.toByteArray());

        assertThat(WeightFormat.detect(file)).isEqualTo(WeightFormat.SAFETENSORS);
        StateDict sd = WeightFiles.read(file);
        assertThat(new ArrayList<>(sd.keys())).containsExactly("b", "a");
        assertThat(sd.require("a", 2).toFloatArray()).containsExactly(1f, -2.5f);
        assertThat(sd.require("b").toLongArray()).containsExactly(42L);
        assertThat(SafetensorsReader.readHeader(file).metadata()).containsEntry("format", "pt");
    }

    @Test
    void roundTripsEveryTypeShapeAndMetadata() throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("features.0.weight", TensorData.ofFloats(new long[] {2, 1, 1, 3}, new float[] {1, 2, 3, 4, 5, -6}));
        ByteBuffer half = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3c00).putShort((short) 0xc000);
        tensors.put("h", new TensorData(TensorDType.FLOAT16, new long[] {2}, half.flip()));
        ByteBuffer tracked = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(123456789012L);
        tensors.put("features.1.num_batches_tracked", new TensorData(TensorDType.INT64, new long[] {}, tracked.flip()));
        tensors.put("empty", new TensorData(TensorDType.FLOAT32, new long[] {0, 4}, ByteBuffer.allocate(0)));
        Path file = dir.resolve("rt.safetensors");

        SafetensorsWriter.write(file, new StateDict(tensors), Map.of("source", "test"));
        StateDict back = WeightFiles.read(file);

        assertThat(new ArrayList<>(back.keys())).containsExactlyElementsOf(tensors.keySet());
        tensors.forEach((k, t) -> {
            TensorData b = back.find(k).orElseThrow();
            assertThat(b.dtype()).as(k).isEqualTo(t.dtype());
            assertThat(b.shape()).as(k).isEqualTo(t.shape());
            assertThat(b.bytes()).as(k).isEqualTo(t.bytes());
        });
        assertThat(back.require("h", 2).toFloatArray()).containsExactly(1f, -2f);
        assertThat(SafetensorsReader.readHeader(file).metadata()).containsExactly(Map.entry("source", "test"));
        assertThat(SafetensorsReader.readHeader(file).dataStart() % 8).isZero();
    }

    @Test
    void roundTripsTheTorchvisionFixture() throws IOException {
        StateDict pth = TorchCheckpointReader.read(SharedFixtures.require("vgg16_bn_features_fixture.pth"));
        Path file = dir.resolve("fixture.safetensors");
        SafetensorsWriter.write(file, pth, Map.of());
        StateDict back = WeightFiles.read(file);
        assertThat(back.keys()).containsExactlyElementsOf(pth.keys());
        for (String k : pth.keys()) {
            assertThat(back.find(k).orElseThrow().bytes()).as(k).isEqualTo(pth.find(k).orElseThrow().bytes());
        }
    }

    @Test
    void reportsATruncatedFile() throws IOException {
        Path file = dir.resolve("whole.safetensors");
        SafetensorsWriter.write(file, new StateDict(Map.of("w", TensorData.ofFloats(new long[] {4}, new float[4]))), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> WeightFiles.read(cut))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void reportsInconsistentOffsets() throws IOException {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.writeBytes(header);
        out.writeBytes(new byte[8]);
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, out.toByteArray());
        assertThatThrownBy(() -> WeightFiles.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tensor 'a' of shape [3]");
    }
}
