package dev.atelier.core.weights;

import dev.atelier.core.SharedFixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightFilesTest {
    @TempDir
    Path dir;

    @Test
    void detectsEachFormatByContentNotName() throws IOException {
        Path zip = Files.copy(SharedFixtures.require("vgg16_bn_features_fixture.pth"), dir.resolve("a.bin"));
        Path legacy = Files.copy(SharedFixtures.require("vgg16_bn_first_block_legacy.pth"), dir.resolve("b.bin"));
        Path st = dir.resolve("c.pth");
        SafetensorsWriter.write(st, new StateDict(Map.of("w", TensorData.ofFloats(new long[] {1}, new float[] {3}))), Map.of());

        assertThat(WeightFormat.detect(zip)).isEqualTo(WeightFormat.TORCH_ZIP);
        assertThat(WeightFormat.detect(legacy)).isEqualTo(WeightFormat.TORCH_LEGACY);
        assertThat(WeightFormat.detect(st)).isEqualTo(WeightFormat.SAFETENSORS);
        assertThat(WeightFiles.read(zip).size()).isEqualTo(91);
        assertThat(WeightFiles.read(legacy).size()).isEqualTo(15);
        assertThat(WeightFiles.read(st).require("w", 1).toFloatArray()).containsExactly(3f);
    }

    @Test
    void rejectsTextEmptyMissingAndTruncatedFiles() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.pth"), "these are not weights\n");
        Path empty = Files.write(dir.resolve("empty.pth"), new byte[0]);
        byte[] whole = Files.readAllBytes(SharedFixtures.require("vgg16_bn_features_fixture.pth"));
        Path cutZip = Files.write(dir.resolve("cut.pth"), Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> WeightFiles.read(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a weight file");
        assertThatThrownBy(() -> WeightFiles.read(empty))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("it is empty");
        assertThatThrownBy(() -> WeightFiles.read(dir.resolve("absent.pth")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no such weight file");
        assertThatThrownBy(() -> WeightFiles.read(cutZip))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cut.pth");
    }
}
