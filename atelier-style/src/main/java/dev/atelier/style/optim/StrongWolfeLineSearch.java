package dev.atelier.style.optim;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Line search for the strong Wolfe conditions: a bracketing phase that grows the step until it
 * brackets an acceptable one, then a zoom phase that shrinks the bracket by safeguarded cubic
 * interpolation. A transcription of PyTorch's {@code torch.optim.lbfgs._strong_wolfe} (itself after
 * Nocedal &amp; Wright, Algorithms 3.5/3.6), so runs behave like the lesson's optimizer with
 * {@code line_search_fn="strong_wolfe"}.
 */
final class StrongWolfeLineSearch {
    /** The accepted step {@code t}, its loss, and its gradient (owned by the caller). */
    record Step(double t, double loss, NDArray gradient) {}

    private final double c1;
    private final double c2;
    private final double toleranceChange;
    private final int maxSteps;

    StrongWolfeLineSearch(double c1, double c2, double toleranceChange, int maxSteps) {
        this.c1 = c1;
        this.c2 = c2;
        this.toleranceChange = toleranceChange;
        this.maxSteps = maxSteps;
    }

    /**
     * Searches along {@code d} from {@code x}, where the loss is {@code f}, gradient {@code g} and
     * directional derivative {@code gtd} (negative), starting with step {@code t}.
     */
    Step search(EvaluationTracker tracker, NDArray x, double t, NDArray d, double f, NDArray g, double gtd) {
        // Every gradient the search creates; those not returned are closed at the end, whatever happens.
        List<NDArray> created = new ArrayList<>();
        NDArray keep = null;
        try {
            double dNorm = VectorOps.absMax(d);
            EvaluationTracker.Point p = evaluate(tracker, x, t, d, created);
            double fNew = p.loss();
            NDArray gNew = p.gradient();
            double gtdNew = VectorOps.dot(gNew, d);

            double tPrev = 0;
            double fPrev = f;
            NDArray gPrev = g;
            double gtdPrev = gtd;
            boolean done = false;
            int lsIter = 0;
            double[] bracket = null;
            double[] bracketF = null;
            NDArray[] bracketG = null;
            double[] bracketGtd = null;
            while (lsIter < maxSteps) {
                if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
                    bracket = new double[] {tPrev, t};
                    bracketF = new double[] {fPrev, fNew};
                    bracketG = new NDArray[] {gPrev, gNew};
                    bracketGtd = new double[] {gtdPrev, gtdNew};
                    break;
                }
                if (Math.abs(gtdNew) <= -c2 * gtd) {
                    bracket = new double[] {t};
                    bracketF = new double[] {fNew};
                    bracketG = new NDArray[] {gNew};
                    done = true;
                    break;
                }
                if (gtdNew >= 0) {
                    bracket = new double[] {tPrev, t};
                    bracketF = new double[] {fPrev, fNew};
                    bracketG = new NDArray[] {gPrev, gNew};
                    bracketGtd = new double[] {gtdPrev, gtdNew};
                    break;
                }
                double minStep = t + 0.01 * (t - tPrev);
                double maxStep = t * 10;
                double tmp = t;
                t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
                tPrev = tmp;
                fPrev = fNew;
                gPrev = gNew;
                gtdPrev = gtdNew;
                p = evaluate(tracker, x, t, d, created);
                fNew = p.loss();
                gNew = p.gradient();
                gtdNew = VectorOps.dot(gNew, d);
                lsIter++;
                release(created, g, gPrev, gNew);
            }
            if (lsIter == maxSteps) {
                bracket = new double[] {0, t};
                bracketF = new double[] {f, fNew};
                bracketG = new NDArray[] {g, gNew};
                bracketGtd = new double[] {gtd, gtdNew};
            }

            boolean insufficientProgress = false;
            int low = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
            int high = 1 - low;
            while (!done && lsIter < maxSteps) {
                if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) {
                    break;
                }
                t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0],
                        bracket[1], bracketF[1], bracketGtd[1]);
                // Keep trial points away from the bracket's ends, or the bracket may not shrink.
                double hi = Math.max(bracket[0], bracket[1]);
                double lo = Math.min(bracket[0], bracket[1]);
                double eps = 0.1 * (hi - lo);
                if (Math.min(hi - t, t - lo) < eps) {
                    if (insufficientProgress || t >= hi || t <= lo) {
                        t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                        insufficientProgress = false;
                    } else {
                        insufficientProgress = true;
                    }
                } else {
                    insufficientProgress = false;
                }
                p = evaluate(tracker, x, t, d, created);
                fNew = p.loss();
                gNew = p.gradient();
                gtdNew = VectorOps.dot(gNew, d);
                lsIter++;

                if (fNew > f + c1 * t * gtd || fNew >= bracketF[low]) {
                    bracket[high] = t;
                    bracketF[high] = fNew;
                    bracketG[high] = gNew;
                    bracketGtd[high] = gtdNew;
                    low = bracketF[0] <= bracketF[1] ? 0 : 1;
                    high = 1 - low;
                } else {
                    if (Math.abs(gtdNew) <= -c2 * gtd) {
                        done = true;
                    } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
                        bracket[high] = bracket[low];
                        bracketF[high] = bracketF[low];
                        bracketG[high] = bracketG[low];
                        bracketGtd[high] = bracketGtd[low];
                    }
                    bracket[low] = t;
                    bracketF[low] = fNew;
                    bracketG[low] = gNew;
                    bracketGtd[low] = gtdNew;
                }
                release(created, g, bracketG[0], bracketG[1]);
            }
            if (bracket.length == 1) {
                low = 0;
            }
            NDArray chosen = bracketG[low];
            // The line search may end where it started (t = 0); hand back a gradient the caller owns.
            keep = chosen == g ? g.duplicate() : chosen;
            return new Step(bracket[low], bracketF[low], keep);
        } finally {
            for (NDArray a : created) {
                if (a != keep) {
                    a.close();
                }
            }
        }
    }

    private static EvaluationTracker.Point evaluate(EvaluationTracker tracker, NDArray x, double t, NDArray d,
            List<NDArray> created) {
        EvaluationTracker.Point p = tracker.evaluateAlong(x, t, d);
        created.add(p.gradient());
        return p;
    }

    /** Closes created gradients that none of {@code live} refers to any more. */
    private static void release(List<NDArray> created, NDArray... live) {
        Map<NDArray, Boolean> keep = new IdentityHashMap<>();
        for (NDArray a : live) {
            keep.put(a, Boolean.TRUE);
        }
        created.removeIf(a -> {
            if (keep.containsKey(a)) {
                return false;
            }
            a.close();
            return true;
        });
    }

    /** Minimiser of the cubic through two points with given values and slopes, clamped to the points. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
        return cubicInterpolate(x1, f1, g1, x2, f2, g2, Math.min(x1, x2), Math.max(x1, x2));
    }

    /** Minimiser of the cubic through two points with given values and slopes, clamped to bounds. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
            double lowerBound, double upperBound) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minPos, lowerBound), upperBound);
        }
        return (lowerBound + upperBound) / 2;
    }
}
