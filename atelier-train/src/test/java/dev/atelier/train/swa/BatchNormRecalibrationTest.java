package dev.atelier.train.swa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNormRecalibrationTest {
    private static float[] running(Block b, Parameter.Type type) {
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (p.getValue().getType() == type) {
                return p.getValue().getArray().toFloatArray();
            }
        }
        throw new AssertionError("no " + type);
    }

    /**
     * Linear(2 -> 3, known weights) then BatchNorm over batches of 4, 4 and 3 rows: expected running
     * mean and variance computed here in double from the linear map, per channel, as
     * sum(n_b * stat_b) / sum(n_b) with the unbiased within-batch variance.
     */
    @Test
    void runningStatisticsBecomeTheSizeWeightedMeanOfBatchStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = new SequentialBlock()
                    .add(Linear.builder().setUnits(3).build())
                    .add(BatchNorm.builder().optMomentum(0.9f).build());
            model.initialize(m, DataType.FLOAT32, new Shape(4, 2));
            float[] w = {1, -2, 0.5f, 3, -1, 1}; // (3 out, 2 in), row-major
            float[] bias = {0.1f, -0.2f, 0.3f};
            for (Pair<String, Parameter> p : model.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    p.getValue().getArray().set(w);
                } else if (p.getValue().getType() == Parameter.Type.BIAS) {
                    p.getValue().getArray().set(bias);
                }
            }
            Random rng = new Random(3);
            int[] sizes = {4, 4, 3};
            List<NDList> batches = new ArrayList<>();
            double[] sumMean = new double[3];
            double[] sumVar = new double[3];
            int total = 0;
            for (int n : sizes) {
                float[] x = new float[n * 2];
                double[][] y = new double[3][n];
                for (int i = 0; i < n; i++) {
                    x[2 * i] = (float) (rng.nextGaussian() * 2 + 1);
                    x[2 * i + 1] = (float) (rng.nextGaussian() - 3);
                    for (int c = 0; c < 3; c++) {
                        y[c][i] = w[2 * c] * x[2 * i] + w[2 * c + 1] * x[2 * i + 1] + bias[c];
                    }
                }
                batches.add(new NDList(m.create(x, new Shape(n, 2))));
                for (int c = 0; c < 3; c++) {
                    double mean = 0;
                    for (double v : y[c]) {
                        mean += v / n;
                    }
                    double ss = 0;
                    for (double v : y[c]) {
                        ss += (v - mean) * (v - mean);
                    }
                    sumMean[c] += n * mean;
                    sumVar[c] += n * ss / (n - 1);
                }
                total += n;
            }

            assertThat(BatchNormRecalibration.recompute(model, batches, m)).isEqualTo(1);

            float[] mean = running(model, Parameter.Type.RUNNING_MEAN);
            float[] var = running(model, Parameter.Type.RUNNING_VAR);
            for (int c = 0; c < 3; c++) {
                assertThat((double) mean[c]).as("mean[" + c + "]").isCloseTo(sumMean[c] / total, within(1e-4));
                assertThat((double) var[c]).as("var[" + c + "]").isCloseTo(sumVar[c] / total, within(1e-3));
            }
            // Order of batches does not matter (a momentum average would weight the last one most).
            java.util.Collections.reverse(batches);
            BatchNormRecalibration.recompute(model, batches, m);
            assertThat(running(model, Parameter.Type.RUNNING_MEAN)).containsExactly(mean, org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    /** Image-shaped input (N, C, H, W): statistics per channel over batch and spatial positions. */
    @Test
    void convolutionalBatchNormUsesBatchAndSpatialPositionsPerChannel() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block bn = BatchNorm.builder().build(); // default momentum
            bn.initialize(m, DataType.FLOAT32, new Shape(2, 2, 2, 2));
            Random rng = new Random(4);
            int[] sizes = {2, 1};
            List<NDList> batches = new ArrayList<>();
            double[] sumMean = new double[2];
            double[] sumVar = new double[2];
            int total = 0;
            for (int n : sizes) {
                float[] x = new float[n * 2 * 4];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (rng.nextGaussian() + (i / 4 % 2 == 0 ? 5 : -5));
                }
                batches.add(new NDList(m.create(x, new Shape(n, 2, 2, 2))));
                for (int c = 0; c < 2; c++) {
                    List<Double> vals = new ArrayList<>();
                    for (int s = 0; s < n; s++) {
                        for (int p = 0; p < 4; p++) {
                            vals.add((double) x[s * 8 + c * 4 + p]);
                        }
                    }
                    double mean = vals.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                    double ss = vals.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
                    sumMean[c] += n * mean;
                    sumVar[c] += n * ss / (vals.size() - 1);
                }
                total += n;
            }
            BatchNormRecalibration.recompute(bn, batches, m);
            float[] mean = running(bn, Parameter.Type.RUNNING_MEAN);
            float[] var = running(bn, Parameter.Type.RUNNING_VAR);
            for (int c = 0; c < 2; c++) {
                assertThat((double) mean[c]).isCloseTo(sumMean[c] / total, within(1e-4));
                assertThat((double) var[c]).isCloseTo(sumVar[c] / total, within(1e-4));
            }
        }
    }

    @Test
    void modelWithoutBatchNormNeedsNoPass() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block lin = Linear.builder().setUnits(1).build();
            lin.initialize(m, DataType.FLOAT32, new Shape(1, 1));
            Iterable<NDList> failing = () -> {
                throw new AssertionError("data must not be read");
            };
            assertThat(BatchNormRecalibration.recompute(lin, failing, m)).isZero();
        }
    }
}
