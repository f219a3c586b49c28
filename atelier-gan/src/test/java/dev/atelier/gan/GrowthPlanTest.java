package dev.atelier.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class GrowthPlanTest {
    private final ProgressiveData data = new ProgressiveData(GanFixtures.images(8, 1), 4, 1);

    @Test
    void fadeInIsAScheduledPhaseValueAndStabilisingPhasesTrainAtOne() {
        GrowthPlan plan = GanFixtures.plan(GanFixtures.PHASES, data);
        double[] alpha = new double[8];
        int[] level = new int[8];
        for (int i = 0; i < 8; i++) {
            alpha[i] = plan.at(i).alpha();
            level[i] = plan.at(i).level();
        }
        // batch k of a 4-batch linear fade trains with α = k/4 (pos = k/n, as lr and momentum)
        assertThat(alpha).containsExactly(1, 1, 0, 0.25, 0.5, 0.75, 1, 1);
        assertThat(level).containsExactly(0, 0, 1, 1, 1, 1, 1, 1);
        // the stabilising phase continues the 8px data where the fade-in left it
        assertThat(plan.at(6).dataBatch()).isEqualTo(4);
        assertThat(plan.at(2).dataBatch()).isZero();
        assertThat(plan.at(7).resolution()).isEqualTo(8);
    }

    @Test
    void aPlanMustNameResolutionsAndOnlyGrow() {
        assertThatThrownBy(() -> GanFixtures.plan("""
                {"phases": [{"iterations": 2, "data": "28px", "lr": 0.001}]}""", data))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a resolution");
        assertThatThrownBy(() -> GanFixtures.plan("""
                {"phases": [{"iterations": 2, "data": "8px", "lr": 0.001}, {"iterations": 2, "data": "4px", "lr": 0.001}]}""",
                data)).isInstanceOf(InvalidInputException.class).hasMessageContaining("only grows");
        assertThatThrownBy(() -> GanFixtures.plan("""
                {"phases": [{"iterations": 2, "data": "8px", "lr": 0.001, "values": {"fadeIn": 1.5}}]}""", data))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("[0, 1]");
    }
}
