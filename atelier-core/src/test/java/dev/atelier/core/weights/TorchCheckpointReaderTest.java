package dev.atelier.core.weights;

import dev.atelier.core.SharedFixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.InvalidInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointReaderTest {
    private static final int[] CONV_INDICES = {0, 3, 7, 10, 14, 17, 20, 24, 27, 30, 34, 37, 40};
    private static final int[] CONV_OUT = {64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512};

    /** torchvision's vgg16_bn features state_dict keys, in module order. */
    static List<String> vgg16BnFeatureKeys() {
        List<String> keys = new ArrayList<>();
        for (int conv : CONV_INDICES) {
            keys.add("features." + conv + ".weight");
            keys.add("features." + conv + ".bias");
            int bn = conv + 1;
            for (String s : List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked")) {
                keys.add("features." + bn + "." + s);
            }
        }
        return keys;
    }

    @Test
    void zipFixtureHasTorchvisionKeysShapesAndTypes() throws IOException {
        StateDict sd = TorchCheckpointReader.read(SharedFixtures.require("vgg16_bn_features_fixture.pth"));

        assertThat(new ArrayList<>(sd.keys())).containsExactlyElementsOf(vgg16BnFeatureKeys());
        int in = 3;
        for (int i = 0; i < CONV_INDICES.length; i++) {
            int conv = CONV_INDICES[i];
            int out = CONV_OUT[i];
            assertThat(sd.require("features." + conv + ".weight", out, in, 3, 3).dtype()).isEqualTo(TensorDType.FLOAT32);
            sd.require("features." + conv + ".bias", out);
            sd.require("features." + (conv + 1) + ".running_var", out);
            TensorData tracked = sd.require("features." + (conv + 1) + ".num_batches_tracked");
            assertThat(tracked.dtype()).isEqualTo(TensorDType.INT64);
            assertThat(tracked.toLongArray()).hasSize(1);
            in = out;
        }
        // Running variances are positive by construction, a cheap check that bytes land in the right tensor.
        for (float v : sd.require("features.41.running_var", 512).toFloatArray()) {
            assertThat(v).isPositive();
        }
    }

    /**
     * Independent truth for the values: torchvision's own layer-0 output in the fixture JSON, which
     * we recompute by hand as a 3×3 convolution (padding 1) of the fixture input with the loaded
     * weight and bias.
     */
    @Test
    void zipFixtureValuesReproduceTorchvisionsFirstConvolution() throws IOException {
        StateDict sd = TorchCheckpointReader.read(SharedFixtures.require("vgg16_bn_features_fixture.pth"));
        float[] w = sd.require("features.0.weight", 64, 3, 3, 3).toFloatArray();
        float[] b = sd.require("features.0.bias", 64).toFloatArray();
        float[] x = readInput(SharedFixtures.require("input_1x3x64x64_f32le.bin"));
        JsonNode layer0 = new ObjectMapper()
                .readTree(SharedFixtures.require("vgg16_bn_features_fixture.json").toFile())
                .get("layers").get(0);
        assertThat(layer0.get("index").asInt()).isZero();
        JsonNode first8 = layer0.get("first8");
        for (int col = 0; col < 8; col++) {
            double acc = b[0];
            for (int ci = 0; ci < 3; ci++) {
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        int y = ky - 1;
                        int xx = col + kx - 1;
                        if (y >= 0 && xx >= 0 && xx < 64) {
                            acc += (double) w[((0 * 3 + ci) * 3 + ky) * 3 + kx] * x[(ci * 64 + y) * 64 + xx];
                        }
                    }
                }
            }
            assertThat(acc).isCloseTo(first8.get(col).asDouble(), within(1e-5));
        }
    }

    @Test
    void legacyFixtureEqualsZipFixtureExactly() throws IOException {
        Path legacyFile = SharedFixtures.require("vgg16_bn_first_block_legacy.pth");
        assertThat(WeightFormat.detect(legacyFile)).isEqualTo(WeightFormat.TORCH_LEGACY);
        StateDict legacy = TorchCheckpointReader.read(legacyFile);
        StateDict zip = TorchCheckpointReader.read(SharedFixtures.require("vgg16_bn_features_fixture.pth"));

        List<String> expected = new ArrayList<>(vgg16BnFeatureKeys().subList(0, 14));
        expected.add("extra.half_copy_of_features.0.weight");
        assertThat(legacy.keys()).containsExactlyInAnyOrderElementsOf(expected);
        for (String key : vgg16BnFeatureKeys().subList(0, 14)) {
            TensorData a = legacy.find(key).orElseThrow();
            TensorData b = zip.find(key).orElseThrow();
            assertThat(a.dtype()).as(key).isEqualTo(b.dtype());
            assertThat(a.shape()).as(key).isEqualTo(b.shape());
            assertThat(a.bytes()).as(key).isEqualTo(b.bytes());
        }
    }

    @Test
    void legacyFixtureHalfTensorIsTheWeightRoundedToHalfPrecision() throws IOException {
        StateDict legacy = TorchCheckpointReader.read(SharedFixtures.require("vgg16_bn_first_block_legacy.pth"));
        TensorData half = legacy.require("extra.half_copy_of_features.0.weight", 64, 3, 3, 3);
        assertThat(half.dtype()).isEqualTo(TensorDType.FLOAT16);
        float[] h = half.toFloatArray();
        float[] f = legacy.require("features.0.weight", 64, 3, 3, 3).toFloatArray();
        for (int i = 0; i < f.length; i++) {
            // binary16 keeps 11 significant bits: relative rounding error at most 2^-11 (normal range).
            assertThat(h[i]).isCloseTo(f[i], within(Math.max(Math.abs(f[i]) * 0x1p-11f, 0x1p-24f)));
        }
    }

    /** A transposed view with an offset into a shared storage: strides and offsets must be honoured. */
    @Test
    void honoursOffsetsStridesAndSharedStorages(@TempDir Path dir) throws IOException {
        float[] storage = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        Map<String, TestCheckpoints.View> views = new LinkedHashMap<>();
        // Storage holds a 2x3 matrix [[2,3,4],[5,6,7]] starting at element 2; "t" is its transpose.
        views.put("m", new TestCheckpoints.View("0", 2, new long[] {2, 3}, new long[] {3, 1}));
        views.put("t", new TestCheckpoints.View("0", 2, new long[] {3, 2}, new long[] {1, 3}));
        views.put("scalar", new TestCheckpoints.View("0", 8, new long[] {}, new long[] {}));
        Path zip = dir.resolve("views.pth");
        TestCheckpoints.writeZip(zip, views, Map.of("0", storage));
        Path legacy = dir.resolve("views-legacy.pth");
        TestCheckpoints.writeLegacy(legacy, views, Map.of("0", storage));

        for (Path file : List.of(zip, legacy)) {
            StateDict sd = TorchCheckpointReader.read(file);
            assertThat(sd.require("m", 2, 3).toFloatArray()).containsExactly(2, 3, 4, 5, 6, 7);
            assertThat(sd.require("t", 3, 2).toFloatArray()).containsExactly(2, 5, 3, 6, 4, 7);
            assertThat(sd.require("scalar").toFloatArray()).containsExactly(8);
        }
    }

    @Test
    void rejectsAViewOutsideItsStorage(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("bad.pth");
        TestCheckpoints.writeZip(zip, Map.of("w", new TestCheckpoints.View("0", 1, new long[] {4}, new long[] {1})),
                Map.of("0", new float[4]));
        assertThatThrownBy(() -> TorchCheckpointReader.read(zip))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tensor 'w' cannot be read");
    }

    /** A checkpoint whose data.pkl calls os.system('touch ...'): refused, and the command never runs. */
    @Test
    void rejectsAMaliciousCheckpointBeforeAnythingRuns(@TempDir Path dir) throws IOException {
        Path marker = dir.resolve("pwned");
        TestCheckpoints.Pickle evil = new TestCheckpoints.Pickle().op(0x80, 2).global("posix", "system")
                .str("touch " + marker).op(0x85).op('R').op('.');
        Path zip = dir.resolve("evil.pth");
        TestCheckpoints.writeZipEntries(zip, Map.of("archive/data.pkl", evil.bytes()));

        assertThatThrownBy(() -> TorchCheckpointReader.read(zip))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(zip + ": refusing to load posix.system: weight files may only contain tensors");
        assertThat(marker).doesNotExist();
    }

    @Test
    void rejectsATruncatedLegacyCheckpoint(@TempDir Path dir) throws IOException {
        Path whole = SharedFixtures.require("vgg16_bn_first_block_legacy.pth");
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.pth");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> TorchCheckpointReader.read(cut))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("truncated");
    }

    private static float[] readInput(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[buf.remaining() / 4];
        buf.asFloatBuffer().get(out);
        return out;
    }
}
