package dev.atelier.train.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phases carry further named hyper-parameters (a GAN's fade-in), scheduled like lr. */
class NamedPhaseValuesTest {
    private static final String JSON = """
            {"phases": [
              {"iterations": 4, "lr": 0.1, "data": "a"},
              {"iterations": 5, "lr": 0.1, "data": "b", "values": {"fadeIn": {"start": 0, "end": 1, "decay": "linear"}}},
              {"iterations": 2, "lr": 0.1, "data": "b", "values": {"fadeIn": 1}}
            ]}
            """;

    @Test
    void aNamedValueFollowsThePosKOverNConventionAndFallsBackOutsideItsPhases() {
        TrainingSchedule s = TrainingSchedule.compile(PhasesFile.parse(JSON, "t").phases(), k -> 10, 1);
        double[] alpha = new double[11];
        for (int i = 0; i < 11; i++) {
            alpha[i] = s.namedValueAt("fadeIn", i, -1);
        }
        assertThat(alpha).containsExactly(-1, -1, -1, -1, 0, 0.2, 0.4, 0.6, 0.8, 1, 1);
        assertThat(s.phases().get(1).phase().describe()).contains("fadeIn 0 -> 1 (linear)");
    }

    @Test
    void writtenAndReadBackTheSame(@TempDir Path dir) throws Exception {
        List<TrainingPhase> phases = PhasesFile.parse(JSON, "t").phases();
        Path file = dir.resolve("p.json");
        PhasesFile.write(file, phases, Map.of());
        assertThat(PhasesFile.read(file).phases()).isEqualTo(phases);
    }

    @Test
    void theFingerprintCoversNamedValues() {
        List<TrainingPhase> a = List.of(TrainingPhase.iterations(4).lr(0.1));
        List<TrainingPhase> b = List.of(TrainingPhase.iterations(4).lr(0.1).value("fadeIn", ScheduledValue.constant(0.5)));
        List<TrainingPhase> c = List.of(TrainingPhase.iterations(4).lr(0.1).value("fadeIn", ScheduledValue.constant(0.6)));
        String fa = TrainingSchedule.compile(a, 4, 1).fingerprint();
        String fb = TrainingSchedule.compile(b, 4, 1).fingerprint();
        String fc = TrainingSchedule.compile(c, 4, 1).fingerprint();
        assertThat(fa).isNotEqualTo(fb);
        assertThat(fb).isNotEqualTo(fc);
        assertThat(TrainingSchedule.compile(List.of(TrainingPhase.iterations(4).lr(0.1)), 4, 1).fingerprint()).isEqualTo(fa);
    }

    @Test
    void badNamedValuesAreReportedWithTheirPath() {
        assertThatThrownBy(() -> PhasesFile.parse("""
                {"phases": [{"iterations": 4, "lr": 0.1, "values": {"fadeIn": {"start": 0, "end": 1}}}]}""", "t"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("phases[0].values.fadeIn")
                .hasMessageContaining("needs \"decay\"");
        assertThatThrownBy(() -> PhasesFile.parse("""
                {"phases": [{"iterations": 4, "lr": 0.1, "values": {"1x": 0}}]}""", "t"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("value name");
        assertThatThrownBy(() -> PhasesFile.parse("""
                {"phases": [{"iterations": 4, "lr": 0.1, "values": [0]}]}""", "t"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("object of named values");
    }
}
