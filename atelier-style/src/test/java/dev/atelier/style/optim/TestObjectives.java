package dev.atelier.style.optim;

import ai.djl.ndarray.NDArray;

/** Objectives with known minima, computed in plain Java so they are independent of the optimisers. */
final class TestObjectives {
    private TestObjectives() {}

    /** Rosenbrock's banana function, minimum 0 at (1, 1). */
    static Evaluation rosenbrock(NDArray x) {
        double[] v = x.toDoubleArray();
        double a = v[0];
        double b = v[1];
        double loss = (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
        double ga = -2 * (1 - a) - 400 * a * (b - a * a);
        double gb = 200 * (b - a * a);
        return new Evaluation(loss, x.getManager().create(new double[] {ga, gb}));
    }

    /** ½·Σ a_i (x_i − c_i)², minimum 0 at c. */
    static Objective diagonalQuadratic(double[] a, double[] c) {
        return x -> {
            double[] v = x.toDoubleArray();
            double loss = 0;
            double[] g = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                loss += 0.5 * a[i] * (v[i] - c[i]) * (v[i] - c[i]);
                g[i] = a[i] * (v[i] - c[i]);
            }
            return new Evaluation(loss, x.getManager().create(g).reshape(x.getShape()));
        };
    }
}
