package dev.atelier.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void readsDimsAndValuesWhetherGzippedOrRaw(boolean gzip) throws IOException {
        byte[] values = {0, 1, (byte) 200, (byte) 255, 7, 9};
        byte[] idx = IdxFixtures.idx(new int[] {2, 3}, values);
        Path f = dir.resolve("x.idx");
        Files.write(f, gzip ? IdxFixtures.gzip(idx) : idx);
        IdxFile read = IdxFile.read(f);
        assertThat(read.dims()).containsExactly(2, 3);
        assertThat(read.count()).isEqualTo(2);
        assertThat(read.data()).containsExactly(values);
        assertThat(read.data()[2] & 0xff).isEqualTo(200);
    }

    @Test
    void rejectsOtherElementTypesWithTheTypeCode() throws IOException {
        byte[] idx = IdxFixtures.idx(new int[] {1}, new byte[] {0, 0, 0, 1});
        idx[2] = 0x0C; // int32
        idx[7] = 1;
        Path f = dir.resolve("int.idx");
        Files.write(f, idx);
        assertThatThrownBy(() -> IdxFile.read(f)).isInstanceOf(InvalidInputException.class).hasMessageContaining("0xc");
    }

    @Test
    void rejectsTruncatedFiles() throws IOException {
        byte[] idx = IdxFixtures.idx(new int[] {10, 2}, new byte[20]);
        Path f = dir.resolve("short.idx");
        Files.write(f, Arrays.copyOf(idx, idx.length - 5));
        assertThatThrownBy(() -> IdxFile.read(f)).isInstanceOf(InvalidInputException.class).hasMessageContaining("truncated");
    }

    @Test
    void rejectsFilesThatAreNotIdx() throws IOException {
        Path f = dir.resolve("text.idx");
        Files.writeString(f, "hello world, not idx");
        assertThatThrownBy(() -> IdxFile.read(f)).isInstanceOf(InvalidInputException.class).hasMessageContaining("not an IDX");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void fashionMnistLoadsBothSplitsWithLabelsInOrder(boolean gzip) throws IOException {
        IdxFixtures.writeFashionMnist(dir, 20, gzip);
        assertThat(FashionMnist.isComplete(dir)).isTrue();
        ImageSet train = FashionMnist.load(dir, FashionMnist.Split.TRAIN);
        ImageSet test = FashionMnist.load(dir, FashionMnist.Split.TEST);
        assertThat(train.size()).isEqualTo(20);
        assertThat(test.size()).isEqualTo(10);
        assertThat(train.height()).isEqualTo(4);
        assertThat(train.width()).isEqualTo(3);
        assertThat(train.labels()[13]).isEqualTo(3);
        assertThat(train.pixels()[12 + 5] & 0xff).isEqualTo((17 * 7) & 0xff);
        assertThat(train.classes()).hasSize(10).first().isEqualTo("T-shirt/top");
    }

    @Test
    void fashionMnistNamesTheMissingFile() throws IOException {
        IdxFixtures.writeFashionMnist(dir, 4, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> FashionMnist.load(dir, FashionMnist.Split.TEST))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("t10k-labels-idx1-ubyte");
    }
}
