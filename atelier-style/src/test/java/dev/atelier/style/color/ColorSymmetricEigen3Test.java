package dev.atelier.style.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ColorSymmetricEigen3Test {

    @Test
    void jacobiReconstructsTheMatrix() {
        double[][] a = {{2, -1, 0.5}, {-1, 3, 0.25}, {0.5, 0.25, 1}};
        SymmetricEigen3 e = SymmetricEigen3.of(a);
        double[][] back = e.power(1, 0);
        double[][] root = e.power(0.5, 0);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(back[i][j]).isCloseTo(a[i][j], within(1e-13));
                double sq = 0;
                for (int k = 0; k < 3; k++) {
                    sq += root[i][k] * root[k][j];
                }
                assertThat(sq).isCloseTo(a[i][j], within(1e-13));
            }
        }
        assertThat(e.values()[0] + e.values()[1] + e.values()[2]).isCloseTo(6, within(1e-13));
    }

    @Test
    void aDiagonalMatrixIsItsOwnDecomposition() {
        SymmetricEigen3 e = SymmetricEigen3.of(new double[][] {{4, 0, 0}, {0, 1, 0}, {0, 0, 9}});
        assertThat(e.values()).containsExactly(4, 1, 9);
        assertThat(e.power(-0.5, 0)[2][2]).isCloseTo(1 / 3.0, within(1e-15));
    }
}
