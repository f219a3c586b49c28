package dev.atelier.train.lrfind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LrSuggesterTest {
    private static final double[] LRS4 = {1e-3, 1e-2, 1e-1, 1};

    private static LrSuggestion only(SuggestionMethod m, double[] lrs, double[] losses) {
        return new LrSuggester(0, 0, List.of(m)).suggest(lrs, losses).get(0);
    }

    @Test
    void steepPicksLeftEndOfSteepestSegmentInLogLr() {
        // slopes per ln(10): -0.1, -0.9, +0.2 -> segment 1..2, suggest lrs[1]
        LrSuggestion s = only(SuggestionMethod.STEEP, LRS4, new double[] {2, 1.9, 1.0, 1.2});
        assertThat(s.lr()).isEqualTo(1e-2);
        assertThat(s.markerLoss()).isEqualTo(1.9);
    }

    @Test
    void minimumSuggestsATenthOfTheArgminAndMarksTheArgmin() {
        LrSuggestion s = only(SuggestionMethod.MINIMUM, LRS4, new double[] {3, 2, 1, 4});
        assertThat(s.lr()).isCloseTo(1e-2, within(1e-15));
        assertThat(s.markerLr()).isEqualTo(1e-1);
        assertThat(s.markerLoss()).isEqualTo(1.0);
        assertThat(s.name()).isEqualTo("minimum/10");
    }

    @Test
    void valleyPicksTwoThirdsAlongTheLongestDecreasingRun() {
        // Longest strictly decreasing subsequence: indices 1..7 (5,4,3,2,1.5,1,0.8), 7 long, ending at 7.
        // fastai: start = 7 - 7 = 0, sections = 7/3, idx = 0 + 2 + 1 = 3.
        double[] losses = {5, 5, 4, 3, 2, 1.5, 1, 0.8, 2, 9};
        double[] lrs = new double[losses.length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = Math.pow(10, i - 6);
        }
        LrSuggestion s = only(SuggestionMethod.VALLEY, lrs, losses);
        assertThat(s.lr()).isEqualTo(lrs[3]);
        assertThat(s.markerLoss()).isEqualTo(3.0);
    }

    @Test
    void valleyBridgesBumpsLikeFastai() {
        // Decreasing subsequence 5,4,3,2,1 skips the bumps 4.5 and 2.5; it ends at index 6 with length 5,
        // fastai sets start = 6 - 5 = 1, sections = 5/3, idx = 1 + 1 + 0 = 2.
        double[] losses = {5, 4, 4.5, 3, 2, 2.5, 1, 3, 6, 7};
        double[] lrs = new double[losses.length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = i + 1;
        }
        assertThat(only(SuggestionMethod.VALLEY, lrs, losses).lr()).isEqualTo(3.0);
    }

    @Test
    void windowDropsWarmUpDivergenceAndEverythingFromTheFirstNaN() {
        double[] lrs = new double[12];
        double[] losses = new double[12];
        for (int i = 0; i < 12; i++) {
            lrs[i] = i + 1;
            losses[i] = i == 0 ? -100 : 10 - i; // the first point would be the minimum if kept
        }
        losses[9] = Double.NaN; // finite prefix: 0..8; minus skipEnd 2 -> 1..6
        LrSuggestion min = new LrSuggester(1, 2, List.of(SuggestionMethod.MINIMUM)).suggest(lrs, losses).get(0);
        assertThat(min.markerLr()).isEqualTo(7.0);
    }

    @Test
    void tooShortCurvesFallBackToTheWholePrefixOrGiveNothing() {
        var suggester = LrSuggester.forIterations(100); // skips 10 + 5
        double[] lrs = {1e-3, 1e-2, 1e-1};
        assertThat(suggester.suggest(lrs, new double[] {3, 1, 2})).hasSize(3);
        assertThat(suggester.suggest(lrs, new double[] {3, Double.NaN, 2})).isEmpty();
    }

    /**
     * Least squares with standardised features: the Hessian {@code H = X'X/n} is close to the
     * identity. Gradient descent's best constant learning rate is {@code 1/lambda} (about 1) and it
     * diverges above {@code 2/lambda_max}, so the good range is known: from a decade below the best,
     * {@code 1/(10 lambda_max)}, up to the stability limit {@code 2/lambda_max} ({@code lambda_max}
     * measured by power iteration).
     */
    @Test
    void suggestionsLandInTheKnownGoodRangeOfAConvexProblem() {
        Regression problem = new Regression(512, 16, 7);
        double lambdaMax = problem.largestHessianEigenvalue();
        double lo = 1 / (10 * lambdaMax);
        double hi = 2 / lambdaMax;
        LrFinderResult r = LrFinder.builder()
                .setSchedule(new LrRangeSchedule(1e-5, 10, ITERATIONS, LrRangeMode.EXPONENTIAL))
                .build()
                .run((k, lr) -> problem.step(lr));
        assertThat(r.stopReason()).isEqualTo(StopReason.DIVERGED);
        // STEEP is not asserted: on minibatch noise it picks a bump of the warm-up part of the curve
        // (here 2e-3), which is why fastai v2 made VALLEY the default.
        for (SuggestionMethod m : List.of(SuggestionMethod.VALLEY, SuggestionMethod.MINIMUM)) {
            assertThat(r.suggestion(m).orElseThrow().lr()).as(m + " in [" + lo + ", " + hi + "]")
                    .isBetween(lo, hi);
        }
    }

    private static final int ITERATIONS = 100;

    /** y = x.w* + noise, loss = mean of (x.w - y)^2 / 2, minibatches drawn in a fixed cyclic order. */
    static final class Regression {
        private final double[][] x;
        private final double[] y;
        private final double[] w;
        private final int batch;
        private int cursor;

        Regression(int n, int batch, long seed) {
            Random rng = new Random(seed);
            double[] scales = {1, 1, 1, 1};
            double[] truth = {2, -3, 1, 4};
            x = new double[n][4];
            y = new double[n];
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < 4; d++) {
                    x[i][d] = scales[d] * rng.nextGaussian();
                    y[i] += x[i][d] * truth[d];
                }
                y[i] += 0.1 * rng.nextGaussian();
            }
            w = new double[4];
            this.batch = batch;
        }

        /** One SGD step on the next minibatch; returns that batch's loss before the step. */
        double step(double lr) {
            double[] grad = new double[4];
            double loss = 0;
            for (int b = 0; b < batch; b++) {
                int i = cursor;
                cursor = (cursor + 1) % y.length;
                double r = dot(x[i], w) - y[i];
                loss += r * r / 2;
                for (int d = 0; d < 4; d++) {
                    grad[d] += r * x[i][d];
                }
            }
            for (int d = 0; d < 4; d++) {
                w[d] -= lr * grad[d] / batch;
            }
            return loss / batch;
        }

        /** Largest eigenvalue of {@code X'X/n}, by power iteration. */
        double largestHessianEigenvalue() {
            double[] v = {1, 1, 1, 1};
            double lambda = 0;
            for (int it = 0; it < 200; it++) {
                double[] hv = new double[4];
                for (double[] row : x) {
                    double p = dot(row, v);
                    for (int d = 0; d < 4; d++) {
                        hv[d] += row[d] * p / x.length;
                    }
                }
                lambda = Math.sqrt(dot(hv, hv));
                for (int d = 0; d < 4; d++) {
                    v[d] = hv[d] / lambda;
                }
            }
            return lambda;
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int d = 0; d < a.length; d++) {
                s += a[d] * b[d];
            }
            return s;
        }
    }
}
