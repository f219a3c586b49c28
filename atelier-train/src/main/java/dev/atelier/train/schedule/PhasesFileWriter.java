package dev.atelier.train.schedule;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.train.optim.OptimizerOptions;
import dev.atelier.train.optim.OptimizerSwitchPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes phases as an explicit phase list that {@link PhasesFileReader} reads back to equal phases; a
 * setting at its default is left out, as a person writing the file would.
 */
final class PhasesFileWriter {
    private PhasesFileWriter() {}

    /** See {@link PhasesFile#write}. */
    static void write(Path file, List<TrainingPhase> phases, Map<String, Long> iterationsPerEpoch) throws IOException {
        AtomicFiles.write(file, toJson(phases, iterationsPerEpoch).getBytes(StandardCharsets.UTF_8));
    }

    /** See {@link PhasesFile#toJson}. */
    static String toJson(List<TrainingPhase> phases, Map<String, Long> iterationsPerEpoch) {
        ObjectNode root = PhaseFields.JSON.createObjectNode();
        if (iterationsPerEpoch.size() == 1 && iterationsPerEpoch.containsKey(PhasesFile.ANY_DATA)) {
            root.put("iterationsPerEpoch", iterationsPerEpoch.get(PhasesFile.ANY_DATA));
        } else if (!iterationsPerEpoch.isEmpty()) {
            ObjectNode ipe = root.putObject("iterationsPerEpoch");
            iterationsPerEpoch.forEach(ipe::put);
        }
        ArrayNode list = root.putArray("phases");
        for (TrainingPhase p : phases) {
            writePhase(list.addObject(), p);
        }
        try {
            return PhaseFields.JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writePhase(ObjectNode o, TrainingPhase p) {
        if (p.length() instanceof PhaseLength.Epochs e) {
            o.put("epochs", e.count());
        } else {
            o.put("iterations", ((PhaseLength.Iterations) p.length()).count());
        }
        o.put("optimizer", p.optimizer().label());
        OptimizerOptions opt = p.options();
        if (opt.nesterov()) {
            o.put("nesterov", true);
        }
        if (opt.beta2() != OptimizerOptions.DEFAULTS.beta2()) {
            o.put("beta2", opt.beta2());
        }
        if (opt.eps() != OptimizerOptions.DEFAULTS.eps()) {
            o.put("eps", opt.eps());
        }
        if (opt.alpha() != OptimizerOptions.DEFAULTS.alpha()) {
            o.put("alpha", opt.alpha());
        }
        PhaseFields.writeLearningRates(o, p.learningRates());
        if (p.groupRatio() != 1) {
            o.put("groupRatio", p.groupRatio());
        }
        if (p.momentum() != null) {
            PhaseFields.writeScheduled(o, "momentum", p.momentum());
        }
        if (!(p.weightDecay().isConstant() && p.weightDecay().start() == 0)) {
            PhaseFields.writeScheduled(o, "wd", p.weightDecay());
        }
        if (!TrainingPhase.DEFAULT_DATA.equals(p.data())) {
            o.put("data", p.data());
        }
        if (p.switchPolicy() != OptimizerSwitchPolicy.KEEP_COMPATIBLE) {
            o.put("switchPolicy", p.switchPolicy().label());
        }
        if (!p.values().isEmpty()) {
            ObjectNode values = o.putObject("values");
            p.values().forEach((name, v) -> PhaseFields.writeNamedValue(values.putObject(name), v));
        }
    }
}
