package dev.atelier.style.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.atelier.style.loss.ContentTerm;
import dev.atelier.style.loss.GramStyleTerm;
import dev.atelier.style.loss.LossNormalization;
import dev.atelier.style.loss.LossScaling;
import dev.atelier.style.loss.LossTerms;
import dev.atelier.style.loss.TotalVariationTerm;
import dev.atelier.style.loss.WeightedLoss;
import dev.atelier.style.loss.WeightedTerm;
import dev.atelier.style.mask.SoftMask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The independent truth is the untiled loss (the engine's {@link WeightedLoss} over the whole image, with
 * autograd's gradient): with margins that cover the receptive field, the tiled loss, its parts and its
 * gradient must equal it at every pixel, whatever the grid's origin.
 */
class TiledObjectiveTest {
    private static final int WIDTH = 62;
    private static final int HEIGHT = 60;
    private static final int CORE = 24;
    private static final int MARGIN = 12;
    /**
     * Relative tolerance. Everything is float64 except the masked Gram term's mask and mask area, which the
     * engine's {@link GramStyleTerm} holds in float32 (a relative rounding of about 6e-8).
     */
    private static final double TOLERANCE = 2e-7;
    private static final List<String> STYLE_LAYERS = List.of("relu1", "relu2", "relu3");

    @Test
    void tiledLossAndGradientEqualTheUntiledOnes() {
        for (LossNormalization normalization : LossNormalization.values()) {
            for (boolean diagonal : new boolean[] {false, true}) {
                compare(normalization, diagonal);
            }
        }
    }

    private void compare(LossNormalization normalization, boolean diagonal) {
        try (NDManager m = NDManager.newBaseManager()) {
            TwoPoolNet net = new TwoPoolNet(m, 5);
            LayerStrides strides = LayerStrides.probe(net, STYLE_LAYERS, DataType.FLOAT64);
            assertThat(strides.of("relu1")).isEqualTo(1);
            assertThat(strides.of("relu3")).isEqualTo(4);
            m.getEngine().setRandomSeed(17);
            NDArray content = random(m, 1, HEIGHT, WIDTH);
            NDArray style = random(m, 1, 44, 52);
            NDArray style2 = random(m, 1, 36, 40);
            NDArray x = random(m, 1, HEIGHT, WIDTH);
            float[] maskValues = new float[20 * 20];
            for (int i = 0; i < maskValues.length; i++) {
                maskValues[i] = (i % 20) / 19f * ((i / 20) % 3 == 0 ? 0.5f : 1f);
            }
            SoftMask mask = new SoftMask(20, 20, maskValues);
            LossScaling scaling = LossScaling.of(normalization, false);
            Map<String, Double> layerWeights = Map.of("relu1", 0.5, "relu2", 1.0, "relu3", 2.0);
            double contentWeight = 1.5;
            double styleWeight = 3.0;
            double maskedWeight = 2.0;
            double tvWeight = 0.3;

            // the untiled truth
            Map<String, NDArray> contentFeatures = net.extract(content, List.of("relu2", "relu3"));
            ContentTerm contentTerm = new ContentTerm(contentFeatures, Map.of("relu3", 2.0), scaling, m);
            GramStyleTerm styleTerm = new GramStyleTerm(net.extract(style, STYLE_LAYERS), layerWeights, diagonal, null,
                    scaling, m);
            GramStyleTerm maskedTerm = new GramStyleTerm(net.extract(style2, List.of("relu2", "relu3")), Map.of(),
                    diagonal, mask, scaling, m);
            WeightedLoss untiled = new WeightedLoss(net, List.of(new WeightedTerm(contentTerm, contentWeight),
                    new WeightedTerm(styleTerm, styleWeight), new WeightedTerm(maskedTerm, maskedWeight),
                    new WeightedTerm(new TotalVariationTerm(), tvWeight)));
            NDArray variables = x.duplicate();
            variables.setRequiresGradient(true);
            LossTerms truth;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                truth = untiled.evaluate(variables);
                gc.backward(truth.total());
            }
            double[] truthGradient = variables.getGradient().toDoubleArray();

            // targets computed tile by tile must equal the whole-image ones
            TileGrid contentGrid = TileGrid.of(WIDTH, HEIGHT, CORE, MARGIN, 4, 0, 0);
            Map<String, NDArray> assembled = TiledFeatures.assemble(net, content, contentGrid, List.of("relu2", "relu3"),
                    strides, m);
            for (String l : List.of("relu2", "relu3")) {
                assertClose(assembled.get(l).toDoubleArray(), contentFeatures.get(l).toDoubleArray(), "content " + l);
            }
            Map<String, Double> contentDivisors = new LinkedHashMap<>();
            assembled.forEach((l, t) -> contentDivisors.put(l, scaling.contentDivisor(t, m).getDouble(0)));
            ContentTarget contentTarget = new ContentTarget(assembled, Map.of("relu3", 2.0), contentDivisors,
                    contentWeight);
            StyleTarget plain = styleTarget(net, style, STYLE_LAYERS, strides, layerWeights, diagonal, null, scaling,
                    styleWeight, styleTerm.targets(), m);
            StyleTarget masked = styleTarget(net, style2, List.of("relu2", "relu3"), strides, Map.of(), diagonal, mask,
                    scaling, maskedWeight, maskedTerm.targets(), m);

            TiledObjective tiled = new TiledObjective(net, v -> v, strides, CORE, MARGIN, contentTarget,
                    List.of(plain, masked), tvWeight, m);
            for (int[] origin : new int[][] {{0, 0}, {8, 20}, {20, 4}}) {
                String what = normalization + (diagonal ? " diagonal" : "") + " origin " + origin[0] + "," + origin[1];
                TiledObjective.Value v = tiled.evaluate(x, origin[0], origin[1]);
                assertThat(v.content()).as("content, " + what)
                        .isCloseTo(truth.content().getDouble(0), within(TOLERANCE * Math.abs(truth.content().getDouble(0))));
                assertThat(v.style()).as("style, " + what)
                        .isCloseTo(truth.style().getDouble(0), within(TOLERANCE * Math.abs(truth.style().getDouble(0))));
                assertThat(v.totalVariation()).as("tv, " + what).isCloseTo(truth.totalVariation().getDouble(0),
                        within(TOLERANCE * Math.abs(truth.totalVariation().getDouble(0))));
                assertClose(v.gradient().toDoubleArray(), truthGradient, "gradient, " + what);
            }

            // a margin short of the receptive field no longer gives the exact loss: the check above can fail
            TiledObjective narrow = new TiledObjective(net, v -> v, strides, CORE, 0, contentTarget,
                    List.of(plain, masked), tvWeight, m);
            double off = Math.abs(narrow.evaluate(x, 8, 20).total() - truth.total().getDouble());
            assertThat(off).isGreaterThan(100 * TOLERANCE * Math.abs(truth.total().getDouble()));
        }
    }

    /** A style target from a tiled pass over the style image, checked against the untiled target. */
    private static StyleTarget styleTarget(TwoPoolNet net, NDArray style, List<String> layers, LayerStrides strides,
            Map<String, Double> layerWeights, boolean diagonal, SoftMask mask, LossScaling scaling, double weight,
            Map<String, NDArray> untiledTargets, NDManager m) {
        int w = (int) style.getShape().get(3);
        int h = (int) style.getShape().get(2);
        Map<String, NDArray> sums = TiledFeatures.gramSums(net, style, TileGrid.of(w, h, CORE, MARGIN, 4, 0, 0), layers,
                strides, diagonal, m);
        Map<String, NDArray> stats = new LinkedHashMap<>();
        Map<String, Double> divisors = new LinkedHashMap<>();
        for (String l : layers) {
            NDArray sum = sums.get(l);
            double positions = (double) strides.positions(l, w) * strides.positions(l, h);
            NDArray g = sum.mul(scaling.statisticFactor() / (sum.getShape().get(1) * positions));
            assertClose(g.toDoubleArray(), untiledTargets.get(l).toDoubleArray(), "style target " + l);
            stats.put(l, g);
            divisors.put(l, scaling.statisticDivisor(g));
        }
        return new StyleTarget(stats, layerWeights, divisors, diagonal, mask, scaling.statisticFactor(), weight);
    }

    private static NDArray random(NDManager m, int n, int h, int w) {
        return m.randomUniform(-1, 1, new Shape(n, 3, h, w), DataType.FLOAT32).toType(DataType.FLOAT64, false);
    }

    private static void assertClose(double[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s [%d]", what, i).isCloseTo(expected[i], within(TOLERANCE * scale));
        }
    }

}
