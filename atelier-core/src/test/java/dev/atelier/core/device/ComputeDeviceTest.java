package dev.atelier.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import org.junit.jupiter.api.Test;

/** The device choice: its text, and what it means on engines with none, one or two GPUs. */
class ComputeDeviceTest {
    @Test
    void readsTheFourSpellingsAndWritesThemBack() {
        assertThat(ComputeDevice.parse("auto")).isEqualTo(ComputeDevice.AUTO);
        assertThat(ComputeDevice.parse(" CPU ")).isEqualTo(ComputeDevice.CPU);
        assertThat(ComputeDevice.parse("gpu")).isEqualTo(new ComputeDevice(ComputeDevice.Kind.GPU, 0));
        assertThat(ComputeDevice.parse("gpu:3").index()).isEqualTo(3);
        assertThat(ComputeDevice.parse("cuda:1").describe()).isEqualTo("gpu:1");
        for (String bad : new String[] {"", "tpu", "gpu:", "gpu:-1", "gpu:a", "gpu:1234", "cpu:0"}) {
            assertThatThrownBy(() -> ComputeDevice.parse(bad)).as(bad).isInstanceOf(SettingException.class)
                    .hasMessageContaining("auto, cpu, gpu or gpu:N");
        }
    }

    @Test
    void autoIsTheEnginesDefaultAndAGpuThatIsNotThereIsRefused() {
        assertThat(ComputeDevice.AUTO.resolve(0, Device.cpu())).isEqualTo(Device.cpu());
        assertThat(ComputeDevice.AUTO.resolve(2, Device.gpu(0))).isEqualTo(Device.gpu(0));
        assertThat(ComputeDevice.CPU.resolve(2, Device.gpu(0))).isEqualTo(Device.cpu());
        assertThat(ComputeDevice.parse("gpu:1").resolve(2, Device.gpu(0))).isEqualTo(Device.gpu(1));
        assertThatThrownBy(() -> ComputeDevice.parse("gpu").resolve(0, Device.cpu()))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("no GPU: ")
                .hasMessageContaining("CPU build");
        assertThatThrownBy(() -> ComputeDevice.parse("gpu:2").resolve(2, Device.gpu(0)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("gpu:0 to gpu:1");
    }

    @Test
    void managersAreMadeOnTheChosenDeviceHereTheCpu() {
        ComputeDevice before = ActiveDevice.choice();
        try {
            ActiveDevice.select(ComputeDevice.CPU);
            try (var m = ActiveDevice.newManager()) {
                assertThat(m.getDevice()).isEqualTo(Device.cpu());
                assertThat(m.create(new float[] {1, 2}).getDevice()).isEqualTo(Device.cpu());
            }
            ActiveDevice.select(ComputeDevice.parse("gpu"));
            assertThatThrownBy(ActiveDevice::newManager).isInstanceOf(InvalidInputException.class);
        } finally {
            ActiveDevice.select(before);
        }
    }
}
