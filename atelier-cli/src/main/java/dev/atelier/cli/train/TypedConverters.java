package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.model.Architecture;
import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.precision.Precision;
import dev.atelier.train.swa.SwaLearningRate;
import picocli.CommandLine.ITypeConverter;

/**
 * picocli converters of the training options' enums. Each throws the library's own one-line
 * {@link dev.atelier.core.InvalidInputException}, which the command line prints as {@code atelier: ...}.
 */
public final class TypedConverters {
    private TypedConverters() {}

    /** {@code simple} or {@code resnet}. */
    public static final class ArchitectureConverter implements ITypeConverter<Architecture> {
        @Override
        public Architecture convert(String value) {
            return Architecture.parse(value);
        }
    }

    /** {@code sgd}, {@code adam}, {@code adamw} or {@code rmsprop}. */
    public static final class OptimizerConverter implements ITypeConverter<OptimizerKind> {
        @Override
        public OptimizerKind convert(String value) {
            return OptimizerKind.parse(value);
        }
    }

    /** {@code fp32}, {@code bf16} or {@code fp16}. */
    public static final class PrecisionConverter implements ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            return Precision.parse(value);
        }
    }

    /** {@code one-cycle}, {@code sgdr}, {@code constant} or {@code stepwise}. */
    public static final class ScheduleKindConverter implements ITypeConverter<ScheduleKind> {
        @Override
        public ScheduleKind convert(String value) {
            return ScheduleKind.parse(value);
        }
    }

    /** {@code crop-flip}, {@code crop}, {@code flip} or {@code none}. */
    public static final class AugmentConverter implements ITypeConverter<AugmentMode> {
        @Override
        public AugmentMode convert(String value) {
            return AugmentMode.parse(value);
        }
    }

    /** {@code LR} (constant) or {@code MAX:MIN} (cyclic), for {@code --swa-lr}. */
    public static final class SwaLearningRateConverter implements ITypeConverter<SwaLearningRate> {
        @Override
        public SwaLearningRate convert(String text) {
            try {
                String[] parts = text.split(":");
                if (parts.length == 1) {
                    return new SwaLearningRate.Constant(Double.parseDouble(parts[0]));
                }
                if (parts.length == 2) {
                    return new SwaLearningRate.Cyclic(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidInputException("--swa-lr wants LR or MAX:MIN (e.g. 0.05 or 0.05:0.005), got '" + text
                    + "'");
        }
    }

    /** {@code E:LR,E:LR,...}, for {@code --steps}; their values meet the stepwise schedule's own rules. */
    public static final class StepsConverter implements ITypeConverter<Steps> {
        @Override
        public Steps convert(String text) {
            String[] parts = text.split(",");
            double[] epochs = new double[parts.length];
            double[] lrs = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String[] el = parts[i].trim().split(":");
                try {
                    if (el.length != 2) {
                        throw new NumberFormatException();
                    }
                    epochs[i] = Double.parseDouble(el[0]);
                    lrs[i] = Double.parseDouble(el[1]);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("--steps wants EPOCHS:LR pairs separated by commas, e.g."
                            + " 3:0.1,2:0.01; got '" + text + "'");
                }
            }
            return new Steps(epochs, lrs);
        }
    }

    /** The steps of {@code --steps}: epochs and learning rate of each. */
    public record Steps(double[] epochs, double[] lrs) {}
}
