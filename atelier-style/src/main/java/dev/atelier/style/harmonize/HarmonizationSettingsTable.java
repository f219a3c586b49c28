package dev.atelier.style.harmonize;

import static dev.atelier.style.settings.FrontEnd.SPARK;
import static dev.atelier.style.settings.FrontEnd.STUDIO;

import dev.atelier.style.engine.ScaleLadder;
import dev.atelier.style.settings.Setting;
import dev.atelier.style.settings.SettingType;
import dev.atelier.style.settings.SettingsTable;
import dev.atelier.style.settings.ValueRange;
import java.util.List;

/**
 * Every harmonization setting, once: {@code atelier harmonize}'s options, the studio's harmonize fields and
 * the sidecar's settings are derived from it, and {@link HarmonizationSettings} checks its values against
 * its ranges. Spark does not harmonize.
 */
public final class HarmonizationSettingsTable {
    static final ValueRange SIZE = ValueRange.between(64, HarmonizationSettings.MAX_SIZE).in(" pixels");
    static final ValueRange MAX_EVALS = ValueRange.atLeast(2).in(" (one per pass)");
    /**
     * The authors' range: their WikiArt predictor's levels (data/wikiart_output.txt) run from 1.0 (High
     * Renaissance, Baroque, Realism) to 9.996 (Expressionism, Cubism), never outside [1, 10].
     */
    static final ValueRange LEVEL = ValueRange.between(1, 10);
    static final ValueRange SAVE_EVERY = ValueRange.atLeast(0);

    private HarmonizationSettingsTable() {}

    /** The table. */
    public static final SettingsTable<HarmonizationSettings.Builder, HarmonizationSettings> TABLE = new SettingsTable<>(
            "harmonization", List.<Setting<?, HarmonizationSettings.Builder, HarmonizationSettings>>of(
            Setting.define("quality", SettingType.choice(HarmonizationQuality.ids(), HarmonizationQuality::parse,
                    HarmonizationQuality::id), HarmonizationSettings.Builder::optQuality, HarmonizationSettings::quality)
                    .described("Quality", "fast|paper", "fast: " + HarmonizationQuality.FAST.cost() + "; paper: "
                            + HarmonizationQuality.PAPER.cost() + "; a size, evaluation budget or scales set as well win")
                    .byDefault(HarmonizationQuality.FAST).notIn(SPARK).build(),
            Setting.define("size", SettingType.INTEGER, HarmonizationSettings.Builder::optSize, HarmonizationSettings::size)
                    .described("Size (px)", "N", "the working long side in pixels; larger paintings are scaled down")
                    .byDefault(HarmonizationSettings.DEFAULT_SIZE).range(SIZE).notIn(SPARK).build(),
            Setting.define("max_evals", SettingType.INTEGER, HarmonizationSettings.Builder::optMaxEvaluations,
                    HarmonizationSettings::maxEvaluations)
                    .described("Evaluations", "N", "loss evaluations for all scales and both passes together")
                    .byDefault(HarmonizationSettings.DEFAULT_MAX_EVALUATIONS).range(MAX_EVALS)
                    .sidecar("max_evaluations", HarmonizationSettings::maxEvaluations).notIn(SPARK).build(),
            Setting.define("level", SettingType.NUMBER, HarmonizationSettings.Builder::optLevel, HarmonizationSettings::level)
                    .described("Stylisation level", "L", "the weight of style against content: about 1 for "
                            + "photographic paintings up to 10 for abstract ones")
                    .byDefault(HarmonizationSettings.DEFAULT_LEVEL).range(LEVEL).notIn(SPARK).build(),
            Setting.define("scales", SettingType.TEXT, HarmonizationSettings.Builder::optScales, HarmonizationSettings::scales)
                    .described("Scales", "auto|N|S1,S2,...", "coarse to fine: auto (sqrt(2) steps from about 128 px), a "
                            + "number of scales or a list of long sides ending at the working size")
                    .byDefault(ScaleLadder.AUTO).notIn(SPARK).build(),
            Setting.define("save_every", SettingType.INTEGER, HarmonizationSettings.Builder::optSaveEvery,
                    HarmonizationSettings::saveEvery)
                    .described("Snapshot interval", "N", "write a numbered snapshot every N evaluations (0: none)")
                    .byDefault(0).range(SAVE_EVERY).notIn(STUDIO, SPARK).notLook().build()));
}
