package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.SettingException;
import dev.atelier.core.memory.AvailableMemory;
import dev.atelier.core.vgg.VggArchitecture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * However much memory is free, an image whose float tensor is more than the engine copies at once (2 GiB) is
 * refused with a size that fits, and that size is accepted.
 */
class TensorCopyLimitTest {
    @AfterEach
    void clear() {
        System.clearProperty(AvailableMemory.OVERRIDE.property());
    }

    @Test
    void anImageTensorOverTwoGigabytesIsRefusedWithTheSizeThatFits() {
        System.setProperty(AvailableMemory.OVERRIDE.property(), "100t");
        // 3 x 14000 x 14000 floats = 2.35 GB
        assertThatThrownBy(() -> MemoryEstimate.requireCopyable(1, 14000, 14000))
                .isInstanceOf(SettingException.class)
                .hasMessage("size: a 14000x14000 image would be a tensor of 2.2 GiB, more than the 2.0 GiB the engine "
                        + "copies at once; use a size of 13377 or less");
        assertThatCode(() -> MemoryEstimate.requireCopyable(1, 13377, 13377)).doesNotThrowAnyException();
        assertThatThrownBy(() -> MemoryEstimate.requireCopyable(1, 13378, 13378)).isInstanceOf(SettingException.class);
        // a forward pass of features checks it too, after memory
        assertThatThrownBy(() -> MemoryEstimate.checkForward(VggArchitecture.VGG16_BN, List.of(0), 14000, 14000))
                .hasMessageContaining("the engine copies at once");
    }
}
