package dev.atelier.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.weights.WeightStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void theCacheLivesUnderTheStoresRootWhichFollowsItsOverride() {
        String before = System.getProperty(WeightStore.ROOT_PROPERTY);
        System.setProperty(WeightStore.ROOT_PROPERTY, tmp.toString());
        try {
            assertThat(FashionMnistLocator.defaults().cacheDir()).isEqualTo(tmp.resolve("fashion-mnist"));
        } finally {
            if (before == null) {
                System.clearProperty(WeightStore.ROOT_PROPERTY);
            } else {
                System.setProperty(WeightStore.ROOT_PROPERTY, before);
            }
        }
    }

    @Test
    void aNamedFolderMustHoldTheFourFilesAndNothingIsDownloadedWhenNotAllowed() {
        FashionMnistLocator locator = new FashionMnistLocator(tmp);
        assertThatThrownBy(() -> locator.locate(tmp, false, s -> {})).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not hold the four Fashion-MNIST IDX files");
        if (!FashionMnist.isComplete(FashionMnist.DEBIAN_DIR)) {
            assertThatThrownBy(() -> locator.locate(null, false, s -> {})).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(tmp.resolve("fashion-mnist").toString());
        }
    }
}
