package dev.atelier.style.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Autograd's gradient of the total loss with respect to the pixels against central differences. */
class WeightedLossGradientTest {

    @Test
    void totalLossGradientMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            TinyConvNet net = new TinyConvNet(m, DataType.FLOAT64, 7);
            m.getEngine().setRandomSeed(11);
            Shape shape = new Shape(2, 3, 6, 8);
            NDArray contentImages = m.randomUniform(-1, 1, shape, DataType.FLOAT32).toType(DataType.FLOAT64, false);
            NDArray styleImage = m.randomUniform(-1, 1, new Shape(1, 3, 8, 6), DataType.FLOAT32)
                    .toType(DataType.FLOAT64, false);
            LossScaling scaling = LossScaling.of(LossNormalization.RELATIVE, false);
            ContentTerm content = new ContentTerm(net.extract(contentImages, List.of("relu2")), Map.of("relu2", 1.0),
                    scaling, m);
            GramStyleTerm style = new GramStyleTerm(net.extract(styleImage, List.of("relu1", "relu2")),
                    Map.of("relu1", 0.5, "relu2", 1.5), false, null, scaling, m);
            // a second style with a soft mask: the masked Gram's gradient is checked too
            float[] mask = new float[6 * 8];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = (i % 8) / 7f;
            }
            GramStyleTerm masked = new GramStyleTerm(net.extract(styleImage, List.of("relu1")), Map.of(), false,
                    new dev.atelier.style.mask.SoftMask(8, 6, mask), scaling, m);
            // harmonisation's masked Gram against a target laid out like the output
            NDArray laidOut = m.randomUniform(-1, 1, new Shape(1, 3, 6, 8), DataType.FLOAT32).toType(DataType.FLOAT64, false);
            MaskedGramTerm harmonised = new MaskedGramTerm(net.extract(laidOut, List.of("relu1")),
                    Map.of("relu1", mask), m);
            WeightedLoss loss = new WeightedLoss(net, List.of(new WeightedTerm(content, 1.0), new WeightedTerm(style, 3.0),
                    new WeightedTerm(masked, 2.0), new WeightedTerm(harmonised, 1.5),
                    new WeightedTerm(new TotalVariationTerm(), 0.2)));

            double[] x0 = m.randomUniform(-1, 1, shape, DataType.FLOAT32).toType(DataType.FLOAT64, false)
                    .toDoubleArray();
            double[] grad;
            try (NDManager sub = m.newSubManager()) {
                NDArray x = sub.create(x0, shape);
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(loss.evaluate(x).total());
                }
                grad = x.getGradient().toDoubleArray();
            }

            Random r = new Random(3);
            double h = 1e-6;
            for (int k = 0; k < 25; k++) {
                int i = r.nextInt(x0.length);
                double[] plus = x0.clone();
                double[] minus = x0.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (value(m, loss, plus, shape) - value(m, loss, minus, shape)) / (2 * h);
                assertThat(grad[i]).as("d loss / d pixel %d", i)
                        .isCloseTo(numeric, org.assertj.core.api.Assertions.within(1e-6 + 1e-5 * Math.abs(numeric)));
            }
        }
    }

    private static double value(NDManager m, WeightedLoss loss, double[] x, Shape shape) {
        try (NDManager sub = m.newSubManager()) {
            return loss.evaluate(sub.create(x, shape)).total().getDouble();
        }
    }
}
