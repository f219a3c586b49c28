package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.optim.StopReason;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Stop means stop on a tiled run (issue #21): a stop is honoured between tiles, while the targets are built
 * and inside an evaluation, and the run returns the picture so far, marked {@link StopReason#STOPPED}.
 * A random-weight VGG16 with shallow layers at 128 px in 64-px tiles (four tiles a pass), on generated
 * pictures.
 */
class TiledStopTest {
    private static final int SIZE = 128;

    private static StyleTransferSettings tiled(int maxEvaluations) {
        return StyleTransferSettings.builder().optNetwork(VggArchitecture.VGG16).optSize(SIZE).optScales("1")
                .optMaxEvaluations(maxEvaluations).optSeed(3).optTvWeight(0.5).optContentLayers(List.of("relu2_2"))
                .optStyleLayers(Map.of("relu1_1", 1.0, "relu2_1", 1.0)).optTile("64").build();
    }

    /** A smooth picture with some noise: enough structure for the losses to move. */
    private static RgbImage generated(long seed) {
        Random random = new Random(seed);
        float[] p = new float[3 * SIZE * SIZE];
        int plane = SIZE * SIZE;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double wave = 0.5 + 0.4 * Math.sin((x * (c + 1) + y * (3 - c)) / 9.0);
                    p[c * plane + y * SIZE + x] = (float) Math.min(1, Math.max(0, wave + 0.1 * random.nextGaussian()));
                }
            }
        }
        return new RgbImage(SIZE, SIZE, p);
    }

    private static StyleTransferResult run(StyleTransferSettings settings, StyleTransferListener listener,
            RunControl control) {
        return new StyleTransferEngine(settings, NetworkWeights.random()).run(List.of(generated(1)),
                List.of(StyleInput.of(generated(2))), listener, control);
    }

    @Test
    void aStopFromAnotherThreadEndsATiledRunWithinTwoSecondsKeepingThePictureSoFar() throws Exception {
        RunControl control = new RunControl();
        CountDownLatch firstEvaluation = new CountDownLatch(1);
        AtomicBoolean tiling = new AtomicBoolean();
        StyleTransferListener listener = new StyleTransferListener() {
            @Override
            public void onTiling(ScaleTiling t) {
                tiling.set(true);
            }

            @Override
            public void onEvaluation(LossPoint p) {
                firstEvaluation.countDown();
            }
        };
        AtomicLong stoppedAt = new AtomicLong();
        Thread stopper = new Thread(() -> {
            try {
                // the first evaluation is done, so the second's tiles are under way when the stop comes
                if (firstEvaluation.await(120, TimeUnit.SECONDS)) {
                    stoppedAt.set(System.nanoTime());
                    control.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stopper");
        stopper.start();
        // a budget far beyond what runs before the stop: only the stop can end this run early
        StyleTransferResult r = run(tiled(10_000), listener, control);
        long returnedAt = System.nanoTime();
        stopper.join();
        assertThat(tiling).as("the scale ran in tiles").isTrue();
        assertThat(stoppedAt.get()).as("the stop was requested").isNotZero();
        assertThat((returnedAt - stoppedAt.get()) / 1e9).as("seconds from the stop to the result").isLessThan(2.0);
        assertThat(r.reason()).isEqualTo(StopReason.STOPPED);
        assertThat(r.evaluations()).isGreaterThanOrEqualTo(1).isLessThan(10_000);
        assertThat(r.images()).hasSize(1);
        assertThat(r.images().get(0).width()).isEqualTo(SIZE);
        assertThat(r.best().get(0)).as("the best evaluation so far").isNotNull();
    }

    @Test
    void aStopInsideATiledEvaluationAbandonsItBetweenTiles() {
        // armed by the first evaluation; the optimiser's check after it is the first question, the second
        // evaluation's first tile the second, its second tile the third: the stop comes half-way through it
        AtomicBoolean armed = new AtomicBoolean();
        AtomicInteger asked = new AtomicInteger();
        StyleTransferListener listener = new StyleTransferListener() {
            @Override
            public void onEvaluation(LossPoint p) {
                armed.set(true);
            }

            @Override
            public boolean stopRequested() {
                return armed.get() && asked.incrementAndGet() >= 3;
            }
        };
        StyleTransferResult r = run(tiled(50), listener, new RunControl());
        assertThat(r.reason()).isEqualTo(StopReason.STOPPED);
        assertThat(r.curve()).as("the abandoned evaluation is not recorded").hasSize(1);
        assertThat(r.best().get(0)).isEqualTo(r.curve().get(0));
        assertThat(r.images().get(0).width()).isEqualTo(SIZE);
    }

    @Test
    void aStopWhileTheTilesTargetsAreBuiltKeepsTheStartingPicture() {
        AtomicInteger asked = new AtomicInteger();
        StyleTransferListener listener = new StyleTransferListener() {
            @Override
            public boolean stopRequested() {
                // the first question is asked before the first tile of the content targets
                return asked.incrementAndGet() >= 1;
            }
        };
        StyleTransferResult r = run(tiled(50), listener, new RunControl());
        assertThat(r.reason()).isEqualTo(StopReason.STOPPED);
        assertThat(r.curve()).isEmpty();
        assertThat(r.best().get(0)).isNull();
        assertThat(r.images()).hasSize(1);
        assertThat(r.images().get(0).width()).isEqualTo(SIZE);
        assertThat(r.images().get(0).height()).isEqualTo(SIZE);
        assertThat(r.tiling()).hasSize(1);
    }
}
