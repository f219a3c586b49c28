package dev.atelier.core.vgg;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The arithmetic of a VGG forward and backward pass. Weights, inputs, the tapped activations and the
 * gradients Java sees are always float32; in {@link #BF16} the convolutions in between run in bfloat16.
 *
 * <p>bfloat16 keeps float32's range with 8 bits of mantissa. Where the processor multiplies bfloat16
 * natively ({@code avx512_bf16} or {@code amx_bf16}), oneDNN's bfloat16 convolutions are about twice as fast
 * as float32 on the same cores (docs/benchmarks.md), and the activations and gradients differ from float32's
 * by a few parts in a thousand: enough for an optimiser to follow, not for a judge. {@link #auto()} picks
 * bfloat16 only on such processors, where it pays, and only when oneDNN is allowed to use that unit: a
 * {@code ONEDNN_MAX_CPU_ISA} (or the older {@code DNNL_MAX_CPU_ISA}) below {@code AVX512_CORE_BF16}, as set
 * to run a machine as an AVX2 one, makes oneDNN emulate bfloat16 in float32 arithmetic, slower than plain
 * float32, so auto then picks float32.
 */
public enum FeaturePrecision {
    FP32("fp32"),
    BF16("bf16");

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final Set<String> NATIVE_BF16_FLAGS = Set.of("avx512_bf16", "amx_bf16");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final String id;

    FeaturePrecision(String id) {
        this.id = id;
    }

    /** {@code fp32} or {@code bf16}. */
    public String id() {
        return id;
    }

    /** {@link #BF16} where this processor computes bfloat16 natively, else {@link #FP32}. */
    public static FeaturePrecision auto() {
        String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
        if (isa == null || isa.isBlank()) {
            isa = System.getenv("DNNL_MAX_CPU_ISA");
        }
        return NativeBfloat16.PRESENT && isaAllowsBfloat16(isa) ? BF16 : FP32;
    }

    /**
     * Whether oneDNN's instruction-set cap {@code isa} (the value of {@code ONEDNN_MAX_CPU_ISA}; null or blank
     * when unset) still lets it use native bfloat16: unset, {@code ALL}/{@code DEFAULT}, or an ISA from
     * {@code AVX512_CORE_BF16} up (the AVX-512 FP16 and AMX levels, AVX10).
     */
    static boolean isaAllowsBfloat16(String isa) {
        if (isa == null || isa.isBlank()) {
            return true;
        }
        String cap = isa.trim().toUpperCase(Locale.ROOT);
        return cap.equals("ALL") || cap.equals("DEFAULT") || cap.startsWith("AVX512_CORE_BF16")
                || cap.startsWith("AVX512_CORE_FP16") || cap.startsWith("AVX512_CORE_AMX") || cap.startsWith("AVX10");
    }

    /**
     * Parses {@code auto}, {@code fp32} or {@code bf16}, ignoring case.
     *
     * @throws InvalidInputException for anything else
     */
    public static FeaturePrecision parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "auto" -> auto();
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new InvalidInputException("unknown network precision '" + text + "'; use auto, fp32 or bf16");
        };
    }

    /** Whether {@code flags} (a {@code /proc/cpuinfo} flags line, or all of it) names a native bfloat16 unit. */
    static boolean nativeBfloat16(String cpuInfo) {
        Set<String> words = WHITESPACE.splitAsStream(cpuInfo).collect(Collectors.toSet());
        return NATIVE_BF16_FLAGS.stream().anyMatch(words::contains);
    }

    /** Read once, on first use. */
    private static final class NativeBfloat16 {
        static final boolean PRESENT = read();

        private static boolean read() {
            try {
                return Files.isReadable(CPU_INFO) && nativeBfloat16(Files.readString(CPU_INFO));
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }
}
