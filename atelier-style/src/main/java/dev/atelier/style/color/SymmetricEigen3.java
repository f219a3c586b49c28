package dev.atelier.style.color;

/**
 * Eigen-decomposition of a symmetric 3×3 matrix by cyclic Jacobi rotations, and matrix powers built
 * from it. Colour matching needs Σ^½ and Σ^−½ of colour covariances; the symmetric square root (not
 * a Cholesky factor) is the one that maps one Gaussian onto another with the least movement of colours,
 * which is why Gatys et al. prefer it. Jacobi is a few dozen lines, unconditionally stable and exact
 * to double precision for 3×3, so no linear-algebra library is needed.
 *
 * @param values the eigenvalues
 * @param vectors the eigenvectors as columns: {@code vectors[i][k]} is component i of vector k
 */
record SymmetricEigen3(double[] values, double[][] vectors) {

    /** The decomposition of the symmetric matrix {@code a} (only its upper triangle is read). */
    static SymmetricEigen3 of(double[][] a) {
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = i; j < 3; j++) {
                m[i][j] = a[i][j];
                m[j][i] = a[i][j];
            }
        }
        double[][] v = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int sweep = 0; sweep < 64; sweep++) {
            double off = m[0][1] * m[0][1] + m[0][2] * m[0][2] + m[1][2] * m[1][2];
            double diag = m[0][0] * m[0][0] + m[1][1] * m[1][1] + m[2][2] * m[2][2];
            if (off == 0 || off <= 1e-40 * diag) {
                break;
            }
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    rotate(m, v, p, q);
                }
            }
        }
        return new SymmetricEigen3(new double[] {m[0][0], m[1][1], m[2][2]}, v);
    }

    /** Zeroes m[p][q] by a rotation in the (p, q) plane, accumulating it into v. */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        double apq = m[p][q];
        if (apq == 0) {
            return;
        }
        double theta = (m[q][q] - m[p][p]) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < 3; k++) {
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < 3; k++) {
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        for (int k = 0; k < 3; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    /**
     * V·diag(max(λ, floor)^exponent)·Vᵀ: the symmetric power of the decomposed matrix, its eigenvalues
     * first raised to {@code floor} so that negative powers of (near-)singular matrices stay finite.
     */
    double[][] power(double exponent, double floor) {
        double[] f = new double[3];
        for (int k = 0; k < 3; k++) {
            f[k] = Math.pow(Math.max(values[k], floor), exponent);
        }
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += vectors[i][k] * f[k] * vectors[j][k];
                }
                out[i][j] = s;
            }
        }
        return out;
    }
}
