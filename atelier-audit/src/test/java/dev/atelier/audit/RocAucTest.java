package dev.atelier.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocAucTest {
    @Test
    void smallCaseWithTiesMatchesHandComputation() {
        // positives 0.9, 0.7, 0.5, 0.5; negatives 0.7, 0.5, 0.3.
        // Pairwise (win 1, tie ½): 0.9 beats all three = 3; 0.7 ties 0.7, beats 0.5 and 0.3 = 2.5;
        // each 0.5 loses to 0.7, ties 0.5, beats 0.3 = 1.5, twice. Sum 8.5 over 4·3 = 12 pairs.
        // Ranks: 0.3 → 1; the three 0.5s share ranks 2–4 → 3 each; the two 0.7s share 5–6 → 5.5; 0.9 → 7.
        // R₊ = 3 + 3 + 5.5 + 7 = 18.5, U = 18.5 − 4·5/2 = 8.5, AUC = 8.5 / 12 = 0.708333…
        double[] scores = {0.9, 0.7, 0.5, 0.5, 0.7, 0.5, 0.3};
        boolean[] positive = {true, true, true, true, false, false, false};
        assertThat(RocAuc.of(scores, positive).getAsDouble()).isCloseTo(8.5 / 12, within(1e-12));
    }

    @Test
    void orderOfCasesDoesNotMatter() {
        double[] scores = {0.3, 0.5, 0.7, 0.5, 0.9, 0.5, 0.7};
        boolean[] positive = {false, true, false, false, true, true, true};
        assertThat(RocAuc.of(scores, positive).getAsDouble()).isCloseTo(8.5 / 12, within(1e-12));
    }

    @Test
    void extremes() {
        boolean[] y = {false, false, true, true};
        assertThat(RocAuc.of(new double[] {1, 2, 3, 4}, y).getAsDouble()).isEqualTo(1.0);
        assertThat(RocAuc.of(new double[] {4, 3, 2, 1}, y).getAsDouble()).isEqualTo(0.0);
        assertThat(RocAuc.of(new double[] {7, 7, 7, 7}, y).getAsDouble()).isEqualTo(0.5);
    }

    @Test
    void undefinedWithOneClass() {
        assertThat(RocAuc.of(new double[] {1, 2}, new boolean[] {true, true})).isEmpty();
        assertThat(RocAuc.of(new double[] {1, 2}, new boolean[] {false, false})).isEmpty();
    }

    @Test
    void agreesWithCountingEveryPairOnRandomTiedScores() {
        Random random = new Random(13);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + random.nextInt(60);
            double[] s = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = random.nextInt(6) / 5.0; // few distinct values: many ties
                y[i] = random.nextDouble() < 0.4 + 0.1 * s[i];
            }
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (y[i] && !y[j]) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            if (pairs == 0) {
                assertThat(RocAuc.of(s, y)).isEmpty();
            } else {
                assertThat(RocAuc.of(s, y).getAsDouble()).isCloseTo(wins / pairs, within(1e-12));
            }
        }
    }
}
