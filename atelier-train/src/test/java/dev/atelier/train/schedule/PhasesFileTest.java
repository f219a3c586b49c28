package dev.atelier.train.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.optim.OptimizerSwitchPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhasesFileTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolve("../examples/phases").normalize();

    @Test
    void readsExplicitPhases() {
        PhasesFile f = PhasesFile.parse("""
                {"iterationsPerEpoch": {"small": 10, "large": 20}, "phases": [
                  {"epochs": 0.5, "data": "small", "lr": [0.001, 0.01], "lrEnd": 0, "lrDecay": "cosine"},
                  {"iterations": 7, "data": "large", "optimizer": "adamw", "lr": 1e-3, "momentum": 0.95,
                   "momentumEnd": 0.85, "momentumDecay": "polynomial(2)", "wd": 0.01, "beta2": 0.99,
                   "switchPolicy": "reset"}
                ]}""", "t.json");
        assertThat(f.layerGroups()).isEqualTo(2);
        TrainingPhase a = f.phases().get(0);
        assertThat(a.length()).isEqualTo(new PhaseLength.Epochs(0.5));
        assertThat(a.learningRates()).containsExactly(ScheduledValue.of(0.001, 0, DecayType.COSINE),
                ScheduledValue.of(0.01, 0, DecayType.COSINE));
        TrainingPhase b = f.phases().get(1);
        assertThat(b.optimizer()).isEqualTo(OptimizerKind.ADAMW);
        assertThat(b.momentum()).isEqualTo(ScheduledValue.of(0.95, 0.85, DecayType.polynomial(2)));
        assertThat(b.options().beta2()).isEqualTo(0.99);
        assertThat(b.switchPolicy()).isEqualTo(OptimizerSwitchPolicy.RESET);
        TrainingSchedule s = f.compile(null);
        assertThat(s.phases()).extracting(CompiledPhase::iterations).containsExactly(5L, 7L);
        assertThat(f.compile(100L).phases()).extracting(CompiledPhase::iterations).containsExactly(50L, 7L);
    }

    @Test
    void namedSchedulesMatchTheirSpecs() {
        assertThat(PhasesFile.parse("{\"oneCycle\": {\"lr\": 0.01, \"epochs\": 3}}", "t").phases())
                .isEqualTo(new ScheduleSpec.OneCycle(0.01, 3, 10, 10, 0.95, 0.85, OptimizerKind.SGD, 0,
                        GroupLearningRates.SAME).toPhases());
        assertThat(PhasesFile.parse("{\"sgdr\": {\"lr\": 0.01, \"cycles\": 2, \"cycleLen\": 1, \"cycleMult\": 2,"
                + " \"optimizer\": \"adam\"}}", "t").phases()).isEqualTo(new ScheduleSpec.Sgdr(0.01, 2, 1, 2,
                        OptimizerKind.ADAM, null, 0, GroupLearningRates.SAME).toPhases());
        assertThat(PhasesFile.parse("{\"stepwise\": {\"epochs\": [2, 1], \"lr\": [0.1, 0.01], \"wd\": 1e-4}}", "t").phases())
                .isEqualTo(new ScheduleSpec.Stepwise(new double[] {2, 1}, new double[] {0.1, 0.01}, OptimizerKind.SGD,
                        null, 1e-4, GroupLearningRates.SAME).toPhases());
    }

    @Test
    void reportsEveryProblemOnItsOwnLine() {
        assertThatThrownBy(() -> PhasesFile.parse("""
                {"layerGroups": 2, "phases": [
                  {"epochs": -1, "lr": 0.1},
                  {"epochs": 1, "lr": 0.1, "lrDecay": "exponential"},
                  {"epochs": 1, "lr": [0.1, 0.2, 0.3]},
                  {"epochs": 1, "lr": 0.1, "optimizer": "adagrad"},
                  {"epochs": 1, "lr": 0.1, "lrDecay": "cosin"},
                  {"epochs": 1, "lr": 0.1, "momentun": 0.9}
                ]}""", "bad.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(String.join(System.lineSeparator(),
                        "bad.json: phases[0].epochs: a phase must last a positive number of epochs, got -1.0",
                        "bad.json: phases[1].lr: exponential decay needs an end value (it never reaches 0)",
                        "bad.json: phases[3].optimizer: unknown optimizer 'adagrad' (expected sgd, adam, adamw, rmsprop)",
                        "bad.json: phases[4].lr: unknown decay 'cosin' (expected none, linear, cosine, exponential or polynomial(p))",
                        "bad.json: phases[5].momentun: unknown field (expected one of alpha, beta2, data, epochs, eps,"
                                + " groupRatio, iterations, lr, lrDecay, lrEnd, momentum, momentumDecay, momentumEnd,"
                                + " nesterov, optimizer, switchPolicy, values, wd, wdDecay, wdEnd)",
                        "bad.json: phases[2].lr: has 3 values but layerGroups is 2 (one lr per layer group, or a single lr for all)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"phases\": []}",
        "{}",
        "{\"phases\": [{\"lr\": 0.1}]}",
        "{\"phases\": [{\"epochs\": 1}]}",
        "{\"oneCycle\": {\"epochs\": 3}}",
        "{\"phases\": [{\"epochs\": 1, \"lr\": 0.1}], \"sgdr\": {\"lr\": 0.1}}",
        "{\"phases\": [{\"iterations\": 2.5, \"lr\": 0.1}]}",
        "[1, 2]",
        "{\"phases\": [",
    })
    void rejectsMalformedFilesWithAMessageNamingTheFile(String json) {
        assertThatThrownBy(() -> PhasesFile.parse(json, "x.json")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("x.json: ");
    }

    @Test
    void aMissingEpochLengthIsAClearError() {
        PhasesFile f = PhasesFile.parse("{\"phases\": [{\"epochs\": 1, \"lr\": 0.1, \"data\": \"28px\"}]}", "t");
        assertThatThrownBy(() -> f.compile(null)).isInstanceOf(InvalidInputException.class)
                .hasMessage("no iterationsPerEpoch for data '28px': add it to the file or give the number of batches per epoch");
    }

    @Test
    void aPlainEpochLengthServesEveryDataKeyAndAnOverrideMustBePositive() {
        PhasesFile plain = PhasesFile.parse("{\"iterationsPerEpoch\": 7, \"phases\": [{\"epochs\": 1, \"lr\": 0.1}]}", "t");
        assertThat(plain.epochLength("28px")).hasValue(7);
        PhasesFile keyed = PhasesFile.parse("{\"iterationsPerEpoch\": {\"a\": 3}, \"phases\": [{\"epochs\": 1,"
                + " \"lr\": 0.1}]}", "t");
        assertThat(keyed.epochLength("a")).hasValue(3);
        assertThat(keyed.epochLength("b")).isEmpty();
        assertThatThrownBy(() -> keyed.batchesPerEpoch(0L)).isInstanceOf(SettingException.class)
                .hasMessage("iterations_per_epoch: must be positive, got 0");
    }

    @Test
    void writesWhatItReads(@TempDir Path dir) throws IOException {
        List<TrainingPhase> phases = List.of(
                TrainingPhase.epochs(0.25).lrs(new double[] {1e-3, 1e-2}, new double[] {1e-4, 1e-3}, DecayType.EXPONENTIAL),
                TrainingPhase.iterations(10).optimizer(OptimizerKind.RMSPROP).alpha(0.9).lr(0.01).groupRatio(3)
                        .momentum(0.5).weightDecay(1e-3, DecayType.LINEAR).data("b")
                        .switchPolicy(OptimizerSwitchPolicy.MOMENTUM_TO_BETA1),
                TrainingPhase.epochs(1).nesterov(true).lr(0.1, DecayType.polynomial(0.5)));
        Path file = dir.resolve("p.json");
        PhasesFile.write(file, phases, Map.of("default", 40L, "b", 20L));
        PhasesFile back = PhasesFile.read(file);
        assertThat(back.phases()).isEqualTo(phases);
        assertThat(back.iterationsPerEpoch()).isEqualTo(Map.of("default", 40L, "b", 20L));
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"one-cycle.json", "sgdr.json", "progressive-resize.json"})
    void theExamplesCompile(String name) throws IOException {
        TrainingSchedule s = PhasesFile.read(EXAMPLES.resolve(name)).compile(null);
        assertThat(s.totalIterations()).isPositive();
    }

    @Test
    void theProgressiveResizeExampleTrainsEachSizeForItsEpochs() throws IOException {
        TrainingSchedule s = PhasesFile.read(EXAMPLES.resolve("progressive-resize.json")).compile(null);
        // 14px: 1 + 1.5 epochs of 235 batches = 235 + (587.5 -> 588) - 235 = 353; 28px: 2.5·235 = 587.5 -> 588
        assertThat(s.phases()).extracting(CompiledPhase::iterations).containsExactly(235L, 353L, 588L);
        assertThat(s.phases()).extracting(CompiledPhase::data).containsExactly("14px", "14px", "28px");
    }
}
