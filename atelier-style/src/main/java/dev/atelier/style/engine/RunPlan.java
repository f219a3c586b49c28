package dev.atelier.style.engine;

import dev.atelier.style.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A run as decided before it starts: how many images it optimises together, its output size, and each
 * scale's size, evaluation budget and tiling.
 *
 * @param batch the images optimised together
 * @param width the output's width
 * @param height the output's height
 * @param scales the scales, coarsest first
 */
record RunPlan(int batch, int width, int height, List<Scale> scales) {
    /**
     * One scale of the ladder.
     *
     * @param index its place in the ladder, 0 for the coarsest
     * @param count how many scales the ladder has
     * @param width the scale's width
     * @param height the scale's height
     * @param evaluations its evaluation budget
     * @param tile the core side of its tiles, or 0 when it runs untiled
     */
    record Scale(int index, int count, int width, int height, int evaluations, int tile) {
        boolean tiled() {
            return tile > 0;
        }
    }

    RunPlan {
        scales = List.copyOf(scales);
    }

    /**
     * The plan of a run of {@code settings} whose output takes the aspect of {@code reference}.
     *
     * @throws dev.atelier.core.InvalidInputException when the run, or one of its scales, does not fit in memory
     */
    static RunPlan of(StyleTransferSettings settings, RgbImage reference, int batch) {
        ScaleLadder ladder = settings.ladder();
        int[] finest = StyleTransferEngine.outputSize(reference.width(), reference.height(), settings.size());
        StyleTransferEngine.checkMemory(settings, batch, finest[0], finest[1]);
        // every scale's tiling is decided now, against the memory free before the run: deciding later would
        // count this run's own memory as taken, and could refuse a scale after hours of work
        List<Scale> scales = new ArrayList<>();
        for (int k = 0; k < ladder.count(); k++) {
            int[] size = StyleTransferEngine.outputSize(reference.width(), reference.height(), ladder.longSides().get(k));
            int tile = new TilePlanner(settings).tileFor(batch, size[0], size[1]);
            scales.add(new Scale(k, ladder.count(), size[0], size[1], ladder.evaluations().get(k), tile));
        }
        return new RunPlan(batch, finest[0], finest[1], scales);
    }

    /** The evaluation budget of the whole run. */
    int evaluations() {
        return scales.stream().mapToInt(Scale::evaluations).sum();
    }
}
