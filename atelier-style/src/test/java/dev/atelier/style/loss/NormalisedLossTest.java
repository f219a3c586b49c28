package dev.atelier.style.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Pass 2's per-layer normalised loss on a tiny random network in float64: its gradient is the gradient of the
 * surrogate it reports (central differences with the norms held), each part's norm is the L2 norm of its own
 * gradient inside its mask, and a part's scale does not change the pull.
 */
class NormalisedLossTest {
    private static final Shape SHAPE = new Shape(1, 3, 6, 8);
    private static final UnaryOperator<NDArray> IDENTITY = v -> v;

    private static float[] mask(int w, int h) {
        float[] m = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                m[y * w + x] = x < w / 4 ? 0f : Math.min(1f, (x + 1f) / w + 0.3f);
            }
        }
        return m;
    }

    private static NDArray random(NDManager m, Shape s) {
        return m.randomUniform(-1, 1, s, DataType.FLOAT32).toType(DataType.FLOAT64, false);
    }

    private static NDArray maskArray(NDManager m, float[] values, int w, int h) {
        return m.create(values, new Shape(1, 1, h, w)).toType(DataType.FLOAT64, false);
    }

    private record Setup(NormalisedLoss loss, MaskedContentTerm content, NDArray contentTarget, float[] contentMask) {}

    private static Setup setup(NDManager m, TinyConvNet net, double contentScale) {
        m.getEngine().setRandomSeed(5);
        NDArray laidOut = random(m, SHAPE);
        float[] m1 = mask(8, 6);
        float[] m2 = mask(4, 3);
        NDArray contentTarget = net.extract(random(m, SHAPE), List.of("relu2")).get("relu2");
        MaskedContentTerm content = new MaskedContentTerm("relu2", contentTarget, m2, false, m);
        Map<String, NDArray> gramTargets = Map.of("relu1", net.extract(laidOut, List.of("relu1")).get("relu1"),
                "relu2", net.extract(laidOut, List.of("relu2")).get("relu2"));
        MaskedGramTerm style = new MaskedGramTerm(gramTargets, Map.of("relu1", m1, "relu2", m2), m);
        Map<String, NDArray> masks = Map.of("relu1", maskArray(m, m1, 8, 6), "relu2", maskArray(m, m2, 4, 3));
        float[] pixels = new float[6 * 8];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i % 8 < 3 ? 0f : 1f;
        }
        List<NormalisedLoss.Unit> units = new ArrayList<>();
        units.add(new NormalisedLoss.Unit("content", content, "relu2", contentScale, masks.get("relu2")));
        units.addAll(NormalisedLoss.perLayer("style", style, 3.0, masks));
        units.add(new NormalisedLoss.Unit("tv", new MaskedTotalVariationTerm(pixels, 8, 6, m), null, 0.5,
                maskArray(m, pixels, 8, 6)));
        return new Setup(new NormalisedLoss(net, units), content, contentTarget, m2);
    }

    @Test
    void gradientIsTheSurrogatesWithTheNormsHeld() {
        try (NDManager m = NDManager.newBaseManager()) {
            TinyConvNet net = new TinyConvNet(m, DataType.FLOAT64, 7);
            Setup s = setup(m, net, 1.0);
            double[] x0 = random(m, SHAPE).toDoubleArray();
            NormalisedLoss.Result r;
            double[] grad;
            try (NDManager sub = m.newSubManager()) {
                r = s.loss().differentiate(sub.create(x0, SHAPE), IDENTITY, sub);
                grad = r.gradient().toDoubleArray();
            }
            assertThat(r.norms()).hasSize(4);
            for (double c : r.norms()) {
                assertThat(c).isPositive();
            }
            // the reported value is the surrogate at x0 with the norms measured there
            try (NDManager sub = m.newSubManager()) {
                assertThat(s.loss().value(sub.create(x0, SHAPE), IDENTITY, r.norms()))
                        .isCloseTo(r.value(), within(1e-9 * Math.abs(r.value())));
            }
            Random random = new Random(3);
            double h = 1e-6;
            for (int k = 0; k < 25; k++) {
                int i = random.nextInt(x0.length);
                double[] plus = x0.clone();
                double[] minus = x0.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric;
                try (NDManager sub = m.newSubManager()) {
                    numeric = (s.loss().value(sub.create(plus, SHAPE), IDENTITY, r.norms())
                            - s.loss().value(sub.create(minus, SHAPE), IDENTITY, r.norms())) / (2 * h);
                }
                assertThat(grad[i]).as("d surrogate / d pixel %d", i)
                        .isCloseTo(numeric, within(1e-6 + 1e-5 * Math.abs(numeric)));
            }
        }
    }

    @Test
    void eachNormIsItsOwnGradientsL2NormInsideTheMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            TinyConvNet net = new TinyConvNet(m, DataType.FLOAT64, 7);
            Setup s = setup(m, net, 1.0);
            NDArray x = random(m, SHAPE);
            NormalisedLoss.Result r = s.loss().differentiate(x, IDENTITY, m);
            // the raw masked content term Σ m (F − T)² / (C·h·w): its gradient is 2 m (F − T) / (C·h·w), and the
            // norm is taken of that times m again (the authors' cmul before torch.norm(·, 2))
            NDArray f = net.extract(x, List.of("relu2")).get("relu2");
            NDArray mk = maskArray(m, s.contentMask(), 4, 3);
            double chw = f.getShape().size();
            double expected = Math.sqrt(f.sub(s.contentTarget()).mul(mk).mul(mk).mul(2 / chw).square().sum().getDouble());
            assertThat(r.norms()[0]).isCloseTo(expected, within(1e-12 + 1e-9 * expected));
            assertThat(r.raw()[0]).isCloseTo(f.sub(s.contentTarget()).square().mul(mk).sum().getDouble() / chw,
                    within(1e-12));
        }
    }

    @Test
    void aPartsScaleDoesNotChangeItsPull() {
        try (NDManager m = NDManager.newBaseManager()) {
            TinyConvNet net = new TinyConvNet(m, DataType.FLOAT64, 7);
            Setup s = setup(m, net, 1.0);
            NDArray x = random(m, SHAPE);
            // the same content term, its value times 1000
            List<NormalisedLoss.Unit> units = new ArrayList<>(s.loss().units());
            NormalisedLoss.Unit c = units.get(0);
            units.set(0, new NormalisedLoss.Unit(c.name(), new Scaled(s.content(), 1000), c.layer(), c.weight(),
                    c.normMask()));
            NormalisedLoss scaled = new NormalisedLoss(net, units);
            double[] a = s.loss().differentiate(x, IDENTITY, m).gradient().toDoubleArray();
            NormalisedLoss.Result rb = scaled.differentiate(x, IDENTITY, m);
            double[] b = rb.gradient().toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i]).isCloseTo(a[i], within(1e-8 + 1e-5 * Math.abs(a[i])));
            }
            // while doubling a part's weight doubles its pull: the gradients differ
            units.set(0, new NormalisedLoss.Unit(c.name(), c.term(), c.layer(), 2 * c.weight(), c.normMask()));
            double[] d = new NormalisedLoss(net, units).differentiate(x, IDENTITY, m).gradient().toDoubleArray();
            double diff = 0;
            for (int i = 0; i < a.length; i++) {
                diff += Math.abs(d[i] - a[i]);
            }
            assertThat(diff).isGreaterThan(1e-3);
        }
    }

    /** A per-layer term times a constant. */
    private static final class Scaled extends PerLayerTerm<PerLayerTerm<?>> {
        private final double factor;

        Scaled(PerLayerTerm<?> inner, double factor) {
            super(inner.kind(), java.util.Map.of(inner.layers().iterator().next(), inner));
            this.factor = factor;
        }

        @Override
        protected NDArray layerValue(String layer, NDArray features, PerLayerTerm<?> inner) {
            return dev.atelier.core.tensor.ScalarArithmetic.times(inner.valueAt(layer, features), factor);
        }
    }

    @Test
    void maskedTotalVariationIgnoresPairsOutsideTheMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] mask = new float[4 * 3];
            mask[5] = 1f; // pixel (1, 1)
            MaskedTotalVariationTerm tv = new MaskedTotalVariationTerm(mask, 4, 3, m);
            double[] px = new double[3 * 4 * 3];
            for (int i = 0; i < px.length; i++) {
                px[i] = (i * 7 % 5) * 0.25;
            }
            double got = tv.compute(Map.of(), m.create(px, new Shape(1, 3, 3, 4)).toType(DataType.FLOAT32, false))
                    .getFloat();
            // the four pairs touching (1, 1), half each, over three channels
            double want = 0;
            for (int ch = 0; ch < 3; ch++) {
                int o = ch * 12;
                double c = px[o + 5];
                for (int n : new int[] {1, 4, 6, 9}) {
                    want += 0.5 * (c - px[o + n]) * (c - px[o + n]);
                }
            }
            assertThat(got).isCloseTo(want, within(1e-5));
        }
    }
}
