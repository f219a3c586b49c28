package dev.atelier.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The vector-unit flags of this machine's processor that decide how fast the network runs (AVX2, AVX-512,
 * native bfloat16), as {@code /proc/cpuinfo} names them: every benchmark line says which it ran with.
 */
final class CpuFlags {
    private static final List<String> WATCHED = List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16");

    private CpuFlags() {}

    /** The watched flags present, space-separated, e.g. {@code avx2 fma avx512f avx512_bf16}; "flags unknown" off Linux. */
    static String summary() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    Set<String> have = Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                    String s = WATCHED.stream().filter(have::contains).collect(Collectors.joining(" "));
                    return s.isEmpty() ? "no AVX2" : s;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the benchmark still reports its timings
        }
        return "flags unknown";
    }
}
