package dev.atelier.gan;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * The Fréchet distance between two Gaussians fitted to feature sets (the FID formula of Heusel et al.
 * 2017): {@code ‖μ₁−μ₂‖² + tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½)}. The trace of the matrix square root is computed
 * as {@code Σ √λᵢ} over the eigenvalues of the symmetric {@code Σ₁^½ Σ₂ Σ₁^½} (same spectrum as
 * Σ₁Σ₂, but symmetric, so a plain symmetric eigen-solver is exact enough; tiny negative round-off
 * eigenvalues count as 0). Covariances use the unbiased n−1 normaliser, like numpy's {@code cov}.
 */
public final class FrechetDistance {
    private FrechetDistance() {}

    /** Mean and covariance of a feature set. */
    public record Gaussian(double[] mean, double[][] covariance) {
        /** Fits rows {@code features[i]} (n ≥ 2 samples of d features). */
        public static Gaussian fit(double[][] features) {
            int n = features.length;
            if (n < 2) {
                throw new IllegalArgumentException("need at least 2 samples, got " + n);
            }
            int d = features[0].length;
            double[] mean = new double[d];
            for (double[] f : features) {
                for (int j = 0; j < d; j++) {
                    mean[j] += f[j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= n;
            }
            double[][] cov = new double[d][d];
            for (double[] f : features) {
                for (int a = 0; a < d; a++) {
                    double da = f[a] - mean[a];
                    for (int b = a; b < d; b++) {
                        cov[a][b] += da * (f[b] - mean[b]);
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    cov[a][b] /= n - 1;
                    cov[b][a] = cov[a][b];
                }
            }
            return new Gaussian(mean, cov);
        }
    }

    /** The distance between two fitted Gaussians. */
    public static double between(Gaussian p, Gaussian q) {
        RealVector diff = new ArrayRealVector(p.mean()).subtract(new ArrayRealVector(q.mean()));
        RealMatrix s1 = new Array2DRowRealMatrix(p.covariance());
        RealMatrix s2 = new Array2DRowRealMatrix(q.covariance());
        RealMatrix root1 = sqrtSymmetric(s1);
        RealMatrix middle = root1.multiply(s2).multiply(root1);
        middle = middle.add(middle.transpose()).scalarMultiply(0.5); // symmetric up to round-off
        double traceRoot = 0;
        for (double lambda : new EigenDecomposition(middle).getRealEigenvalues()) {
            traceRoot += Math.sqrt(Math.max(0, lambda));
        }
        return diff.dotProduct(diff) + s1.getTrace() + s2.getTrace() - 2 * traceRoot;
    }

    /** The distance between two feature sets (rows = samples). */
    public static double between(double[][] a, double[][] b) {
        return between(Gaussian.fit(a), Gaussian.fit(b));
    }

    private static RealMatrix sqrtSymmetric(RealMatrix m) {
        EigenDecomposition e = new EigenDecomposition(m);
        double[] lambda = e.getRealEigenvalues();
        RealMatrix v = e.getV();
        int d = lambda.length;
        RealMatrix root = new Array2DRowRealMatrix(d, d);
        for (int i = 0; i < d; i++) {
            root.setEntry(i, i, Math.sqrt(Math.max(0, lambda[i])));
        }
        return v.multiply(root).multiply(v.transpose());
    }
}
