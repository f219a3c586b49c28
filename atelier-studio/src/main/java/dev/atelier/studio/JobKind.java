package dev.atelier.studio;

import dev.atelier.style.engine.StyleInput;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.harmonize.Composite;
import dev.atelier.style.harmonize.HarmonizationSettings;
import dev.atelier.style.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job paints, with that kind's inputs and settings, read and checked when it was submitted. Both
 * kinds share the queue, the previews, the live events and the history; only a style transfer can be
 * steered or branched.
 */
sealed interface JobKind permits JobKind.Transfer, JobKind.Harmonization {
    /** The kind as the live API names it: {@code stylize} or {@code harmonize}. */
    String label();

    /** The kind as the history records it. */
    RunRecord.Kind historyKind();

    /** The controls as the page sees them: the current ones, mask pixels left out. */
    Object shownControls();

    /** The evaluations the run may spend. */
    int maxEvaluations();

    /** The run it branched from, or null. */
    String parent();

    /** The parent's snapshot it started from, or null. */
    Integer parentSnapshot();

    /** The controls after each change applied while it ran, mask pixels left out, in order. */
    List<Controls> changes();

    /**
     * A style transfer. Steering replaces it with {@link #steered} while it paints; what it was submitted
     * with stays.
     *
     * @param parent the run it branches from, or null
     * @param parentSnapshot the parent's snapshot it starts from, or null
     * @param submitted the controls it was submitted with, mask pixels left out
     * @param content the content image
     * @param controls the current controls, masks included
     * @param settings the engine's settings from the current controls
     * @param styles the current styles, read and checked
     * @param changes the changes so far
     */
    record Transfer(String parent, Integer parentSnapshot, Controls submitted, RgbImage content, Controls controls,
            StyleTransferSettings settings, List<StyleInput> styles, List<Controls> changes) implements JobKind {
        public Transfer {
            changes = List.copyOf(changes);
        }

        /** A new style transfer, not steered yet. */
        Transfer(String parent, Integer parentSnapshot, Controls controls, StyleTransferSettings settings,
                RgbImage content, List<StyleInput> styles) {
            this(parent, parentSnapshot, controls.withoutMaskData(), content, controls, settings, styles, List.of());
        }

        /** This run continuing with {@code next} controls, their settings and styles: one change more. */
        Transfer steered(Controls next, StyleTransferSettings nextSettings, List<StyleInput> nextStyles) {
            List<Controls> more = new ArrayList<>(changes);
            more.add(next.withoutMaskData());
            return new Transfer(parent, parentSnapshot, submitted, content, next, nextSettings, nextStyles, more);
        }

        @Override
        public String label() {
            return "stylize";
        }

        @Override
        public RunRecord.Kind historyKind() {
            return RunRecord.Kind.TRANSFER;
        }

        @Override
        public Object shownControls() {
            return controls.withoutMaskData();
        }

        @Override
        public int maxEvaluations() {
            return settings.maxEvaluations();
        }
    }

    /**
     * A harmonization: an object pasted into a painting through its mask, then blended in. Never steered
     * or branched.
     *
     * @param controls its controls, mask pixels left out
     * @param settings the harmonizer's settings
     * @param painting the painting
     * @param composite the object pasted into the painting, with its mask
     */
    record Harmonization(HarmonizeControls controls, HarmonizationSettings settings, RgbImage painting,
            Composite composite) implements JobKind {
        @Override
        public String label() {
            return "harmonize";
        }

        @Override
        public RunRecord.Kind historyKind() {
            return RunRecord.Kind.HARMONIZE;
        }

        @Override
        public Object shownControls() {
            return controls;
        }

        @Override
        public int maxEvaluations() {
            return settings.maxEvaluations();
        }

        /** Always null: a harmonization starts from its composite, never from another run. */
        @Override
        public String parent() {
            return null;
        }

        /** Always null, as its {@link #parent()}. */
        @Override
        public Integer parentSnapshot() {
            return null;
        }

        /** Always empty: a harmonization cannot be steered. */
        @Override
        public List<Controls> changes() {
            return List.of();
        }
    }
}
