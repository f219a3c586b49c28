package dev.atelier.cli.train;

import dev.atelier.train.model.Architecture;
import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.precision.Precision;
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
}
