package dev.atelier.train.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data set with no images is refused as it is read, naming the file or folder, instead of failing later
 * as a NaN standard deviation in the normalisation.
 */
class EmptyDataSetTest {
    @TempDir
    Path dir;

    @Test
    void fashionMnistFilesThatDeclareNoImagesAreRefused() throws IOException {
        writeSplit("train", 0, 0);
        writeSplit("t10k", 4, 4);
        assertThatThrownBy(() -> FashionMnist.load(dir, FashionMnist.Split.TRAIN)).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("train-images-idx3-ubyte") + " holds no images (its IDX header declares"
                        + " [0, 28, 28]); give the complete Fashion-MNIST files");
    }

    @Test
    void anEmptyTestFileIsRefusedToo() throws IOException {
        writeSplit("train", 4, 4);
        writeSplit("t10k", 0, 0);
        assertThatThrownBy(() -> FashionMnist.load(dir, FashionMnist.Split.TEST)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir.resolve("t10k-images-idx3-ubyte") + " holds no images");
    }

    @Test
    void moreLabelsThanImagesNameBothFiles() throws IOException {
        writeSplit("train", 4, 5);
        assertThatThrownBy(() -> FashionMnist.load(dir, FashionMnist.Split.TRAIN)).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("train-labels-idx1-ubyte") + " has [5] labels for the 4 images of "
                        + dir.resolve("train-images-idx3-ubyte"));
    }

    @Test
    void anImageFolderWhoseClassFoldersAreEmptyIsRefusedNamingIt() throws IOException {
        Files.createDirectories(dir.resolve("cats"));
        Files.createDirectories(dir.resolve("dogs"));
        Files.writeString(dir.resolve("dogs/readme.txt"), "no images here");
        assertThatThrownBy(() -> ImageFolder.load(dir, 8, 3, 0.2, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessage("image folder " + dir + " holds no images (expected " + ImageFolder.EXTENSIONS
                        + " files in its class folders)");
    }

    @Test
    void anEmptyTrainSplitIsRefusedNamingIt() throws IOException {
        for (String split : new String[] {"train", "valid"}) {
            Files.createDirectories(dir.resolve(split).resolve("cats"));
            Files.createDirectories(dir.resolve(split).resolve("dogs"));
        }
        assertThatThrownBy(() -> ImageFolder.load(dir, 8, 3, 0.2, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("image folder " + dir.resolve("train") + " holds no images");
    }

    private void writeSplit(String prefix, int images, int labels) throws IOException {
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), idx(new int[] {images, 28, 28}, new byte[images * 784]));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), idx(new int[] {labels}, new byte[labels]));
    }

    static byte[] idx(int[] dims, byte[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(bytes);
        o.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            o.writeInt(d);
        }
        o.write(values);
        return bytes.toByteArray();
    }
}
