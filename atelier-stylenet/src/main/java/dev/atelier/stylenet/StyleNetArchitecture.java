package dev.atelier.stylenet;

import dev.atelier.core.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a {@link TransformerNetwork}: the channels of its three resolutions (full, half,
 * quarter) and the number of residual blocks at the quarter resolution. Johnson et al. (2016) use
 * 32/64/128 and 5 blocks; the default here is half as wide, which trains on two CPU cores.
 *
 * @param width1 channels at full resolution (the first and the last hidden convolution)
 * @param width2 channels at half resolution
 * @param width3 channels at quarter resolution, in the residual blocks
 * @param residualBlocks residual blocks at quarter resolution
 */
public record StyleNetArchitecture(int width1, int width2, int width3, int residualBlocks) {
    /** The most channels a layer may have: bounds what a (hostile) network file can make us allocate. */
    public static final int MAX_WIDTH = 512;
    /** The most residual blocks. */
    public static final int MAX_RESIDUAL_BLOCKS = 32;
    /** 16/32/64 channels, 5 residual blocks: ~0.42 M parameters. */
    public static final StyleNetArchitecture DEFAULT = new StyleNetArchitecture(16, 32, 64, 5);

    /** @throws InvalidInputException when a width or the block count is out of range */
    public StyleNetArchitecture {
        for (int w : new int[] {width1, width2, width3}) {
            if (w < 1 || w > MAX_WIDTH) {
                throw new InvalidInputException("a style network's widths must be in 1.." + MAX_WIDTH + ", got "
                        + width1 + "/" + width2 + "/" + width3);
            }
        }
        if (residualBlocks < 0 || residualBlocks > MAX_RESIDUAL_BLOCKS) {
            throw new InvalidInputException("a style network has 0.." + MAX_RESIDUAL_BLOCKS
                    + " residual blocks, got " + residualBlocks);
        }
    }

    /** {@code base}, 2·base, 4·base channels (Johnson's proportions) and {@code residualBlocks} blocks. */
    public static StyleNetArchitecture ofWidth(int base, int residualBlocks) {
        if (base < 1 || base > MAX_WIDTH / 4) {
            throw new InvalidInputException("a style network's base width must be in 1.." + MAX_WIDTH / 4 + ", got " + base);
        }
        return new StyleNetArchitecture(base, 2 * base, 4 * base, residualBlocks);
    }

    /** As stored in a network file's header. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("widths", new int[] {width1, width2, width3});
        m.put("residual_blocks", residualBlocks);
        return m;
    }

    @Override
    public String toString() {
        return width1 + "/" + width2 + "/" + width3 + " channels, " + residualBlocks + " residual blocks";
    }

    /**
     * A lower bound on the network's float count: its convolution weights alone (no biases, no norm
     * parameters). A file can be checked against it before any of the network is allocated.
     */
    public long convolutionWeights() {
        long w1 = width1;
        long w2 = width2;
        long w3 = width3;
        return 81 * 3 * w1 + 9 * w1 * w2 + 9 * w2 * w3 + residualBlocks * 2L * 9 * w3 * w3
                + 9 * w3 * w2 + 9 * w2 * w1 + 81 * w1 * 3;
    }
}
