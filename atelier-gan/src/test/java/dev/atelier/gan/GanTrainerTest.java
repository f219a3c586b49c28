package dev.atelier.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GanTrainerTest {
    @TempDir
    Path dir;

    private final ProgressiveData data = new ProgressiveData(GanFixtures.images(8, 1), 4, 1);

    @Test
    void atAlphaZeroTheGrownGeneratorOutputsTheUpsampledPreviousResolution() {
        try (NDManager m = NDManager.newBaseManager()) {
            Generator g = new Generator(GanFixtures.TINY, m, 3);
            NDArray z = GanTrainer.latents(m, 4, 8, 11);
            for (int level = 1; level < GanConfig.LEVELS; level++) {
                float[] previous = g.forward(z, level - 1, 1).toFloatArray();
                float[] grown = g.forward(z, level, 0).toFloatArray();
                int side = GanConfig.resolution(level);
                int half = side / 2;
                for (int n = 0; n < 4; n++) {
                    for (int y = 0; y < side; y++) {
                        for (int x = 0; x < side; x++) {
                            assertThat(grown[n * side * side + y * side + x])
                                    .isEqualTo(previous[n * half * half + (y / 2) * half + x / 2]);
                        }
                    }
                }
                // and α matters: halfway it is neither
                float[] mid = g.forward(z, level, 0.5).toFloatArray();
                float[] full = g.forward(z, level, 1).toFloatArray();
                assertThat(mid).isNotEqualTo(grown).isNotEqualTo(full);
            }
        }
    }

    @Test
    void atAlphaZeroTheGrownDiscriminatorScoresTheDownsampledImageWithThePreviousNetwork() {
        try (NDManager m = NDManager.newBaseManager()) {
            Discriminator d = new Discriminator(GanFixtures.TINY, m, 5);
            NDArray x = data.batch(m, "32px", 0, 32);
            NDArray x16 = Layers.downsample(x);
            assertThat(d.forward(x, 3, 0).toFloatArray()).containsExactly(d.forward(x16, 2, 1).toFloatArray());
        }
    }

    @Test
    void resumingFromACheckpointContinuesBitForBit(@TempDir Path tmp) throws Exception {
        assertResumesBitForBit(GanFixtures.TINY, tmp);
    }

    @Test
    void resumingAWganGpRunWithoutTheGrowthOptionsContinuesBitForBit(@TempDir Path tmp) throws Exception {
        assertResumesBitForBit(GanFixtures.TINY.withLoss(GanLoss.WGAN_GP).withFadeReals(false).withResetOptimizer(false)
                .withEmaDecay(0.9), tmp);
    }

    /**
     * 3 + 5 iterations through a checkpoint equal 8 in one go: every weight, the weight average, every Adam
     * buffer and every loss. The checkpoint lies inside the fade-in, so the resumed part crosses the
     * reset at the fade's end and trains on crossfaded reals.
     */
    private void assertResumesBitForBit(GanConfig config, Path tmp) throws Exception {
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, data);
        Map<String, float[]> straight;
        List<double[]> straightLosses = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(); GanTrainer t = new GanTrainer(config, plan, data, 42, m)) {
            for (int i = 0; i < 8; i++) {
                GanTrainer.StepLosses l = t.step();
                if (i >= 3) {
                    straightLosses.add(new double[] {l.discriminator(), l.generator()});
                }
            }
            straight = everything(t);
        }
        Path ckpt = tmp.resolve("gan.ckpt");
        try (NDManager m = NDManager.newBaseManager(); GanTrainer t = new GanTrainer(config, plan, data, 42, m)) {
            for (int i = 0; i < 3; i++) {
                t.step();
            }
            GanCheckpoint.write(ckpt, t, GanFixtures.PHASES);
        }
        GanCheckpoint.Contents c = GanCheckpoint.read(ckpt);
        assertThat(c.header().iteration()).isEqualTo(3);
        assertThat(c.header().level()).isEqualTo(1);
        assertThat(c.header().alpha()).isEqualTo(0.0); // iteration 2, the first of the fade, trained at α = 0
        assertThat(c.header().config()).isEqualTo(config);
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer t = new GanTrainer(c.header().config(), plan, data, c.header().seed(), m)) {
            c.restoreInto(t, m);
            List<double[]> resumed = new ArrayList<>();
            while (!t.finished()) {
                GanTrainer.StepLosses l = t.step();
                resumed.add(new double[] {l.discriminator(), l.generator()});
            }
            Map<String, float[]> after = everything(t);
            assertThat(after.keySet()).isEqualTo(straight.keySet());
            for (String name : straight.keySet()) {
                assertThat(after.get(name)).as(name).containsExactly(straight.get(name));
            }
            for (int i = 0; i < resumed.size(); i++) {
                assertThat(resumed.get(i)).containsExactly(straightLosses.get(i));
            }
        }
        // and training moved the weights at all (the comparison above is not between two fresh nets), and the
        // average is not the raw weights
        try (NDManager m = NDManager.newBaseManager(); GanTrainer fresh = new GanTrainer(config, plan, data, 42, m)) {
            assertThat(everything(fresh).get("g1.conv1.w")).isNotEqualTo(straight.get("g1.conv1.w"));
        }
        assertThat(straight.get("ema.g1.conv1.w")).isNotEqualTo(straight.get("g1.conv1.w"));
    }

    @Test
    void theCheckpointFileKeepsItsLayoutReadableWithoutAtelier() throws Exception {
        // the layout of docs/gan.md, read here with nothing but java.util.zip, Jackson and DataInputStream
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, data);
        Path ckpt = dir.resolve("layout.ckpt");
        Map<String, float[]> written;
        try (NDManager m = NDManager.newBaseManager(); GanTrainer t = new GanTrainer(GanFixtures.TINY, plan, data, 42, m)) {
            t.step();
            GanCheckpoint.write(ckpt, t, "{}");
            written = everything(t);
        }
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(ckpt))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        assertThat(entries.keySet()).containsExactly("gan.json", "tensors.bin");
        var header = new com.fasterxml.jackson.databind.ObjectMapper().readTree(entries.get("gan.json"));
        assertThat(header.get("format").asInt()).isEqualTo(3);
        assertThat(header.get("levelStart").asLong()).isZero(); // iteration 1 of PHASES is still at 4px
        assertThat(header.get("loss").asText()).isEqualTo("r1");
        assertThat(header.get("emaDecay").asDouble()).isEqualTo(0.999);
        assertThat(header.get("iteration").asLong()).isEqualTo(1);
        assertThat(header.get("phases").asText()).isEqualTo("{}");
        var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(entries.get("tensors.bin")));
        int n = in.readInt();
        Map<String, float[]> read = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            float[] values = new float[in.readInt()];
            for (int k = 0; k < values.length; k++) {
                values[k] = in.readFloat();
            }
            read.put(name, values);
        }
        assertThat(in.read()).as("nothing after the last tensor").isEqualTo(-1);
        written.keySet().removeIf(k -> k.endsWith("#steps"));
        assertThat(read.keySet()).isEqualTo(written.keySet());
        written.forEach((name, values) -> assertThat(read.get(name)).as(name).containsExactly(values));

        // hostile counts are refused against the bytes really there, before anything is allocated
        java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(table);
        out.writeInt(1);
        out.writeUTF("g1.conv1.w");
        out.writeInt(Integer.MAX_VALUE);
        out.writeFloat(1);
        Path bomb = dir.resolve("bomb.ckpt");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("gan.json"));
            zip.write(entries.get("gan.json"));
            zip.putNextEntry(new java.util.zip.ZipEntry("tensors.bin"));
            zip.write(table.toByteArray());
        }
        assertThatThrownBy(() -> GanCheckpoint.read(bomb)).isInstanceOf(InvalidInputException.class)
                .hasMessage(bomb + " is a damaged GAN checkpoint: g1.conv1.w declares 2147483647 floats but only 4"
                        + " bytes are left in tensors.bin");
    }

    @Test
    void aDamagedCheckpointIsOneClearError() throws Exception {
        Path bad = dir.resolve("bad.ckpt");
        Files.write(bad, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        assertThatThrownBy(() -> GanCheckpoint.read(bad)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("GAN checkpoint");
        Path text = dir.resolve("text.ckpt");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> GanCheckpoint.read(text)).isInstanceOf(InvalidInputException.class);
    }

    /** Every parameter and optimizer buffer, with step counts, as plain arrays. */
    private static Map<String, float[]> everything(GanTrainer t) {
        Map<String, float[]> out = new java.util.TreeMap<>();
        t.generator().parameters().all().forEach((k, v) -> out.put(k, v.toFloatArray()));
        t.discriminator().parameters().all().forEach((k, v) -> out.put(k, v.toFloatArray()));
        t.average().parameters().all().forEach((k, v) -> out.put("ema." + k, v.toFloatArray()));
        t.optimizerStates().forEach((k, s) -> {
            s.names().forEach(b -> out.put(k + "#" + b, s.get(b).toFloatArray()));
            out.put(k + "#steps", new float[] {s.steps(), s.age("exp_avg")});
        });
        return out;
    }
}
