package dev.atelier.style.engine;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggLayer;
import java.util.List;

/**
 * Decides, scale by scale, whether a run is tiled and with which tiles and margins, from {@code --tile}
 * and the memory estimates ({@link MemoryEstimate}).
 */
final class TilePlanner {
    /**
     * Core sides tried by {@code --tile auto}, largest first. Nothing larger than 512: the margin grows with
     * the core (core/8 up to the receptive radius), so bigger tiles barely save margin work (2048² in 1024-px
     * tiles with 112-px margins covers 1.22² times the image; in 512-px tiles with 64-px margins, 1.25²)
     * while their memory grows with their area.
     */
    static final int[] AUTO_SIZES = {512, 384, 256};
    /**
     * L-BFGS history of tiled scales: each pair costs two image-sized vectors (100 MB at 2048²), so the
     * untiled default of 50 would cost 5 GB there.
     */
    static final int TILED_HISTORY = 8;

    private final StyleTransferSettings settings;

    TilePlanner(StyleTransferSettings settings) {
        this.settings = settings;
    }

    /**
     * The core side for a scale of {@code width x height}, or 0 to run it untiled.
     *
     * @throws InvalidInputException when neither way fits in memory, or tiling is needed for a batch
     */
    int tileFor(int batch, int width, int height) {
        int core = choose(batch, width, height);
        if (core > 0 && settings.mode().usesStyle() && settings.styleLoss() == StyleLossKind.MOMENTS) {
            throw new SettingException("style_loss", String.format(java.util.Locale.ROOT,
                    "a %dx%d image needs tiling, which works with the gram and diagonal style losses, "
                            + "not moments", width, height));
        }
        return core;
    }

    private int choose(int batch, int width, int height) {
        int core = chooseBySize(batch, width, height);
        // tiled or not, the whole image is one tensor the optimiser holds and the result is copied from
        MemoryEstimate.requireCopyable(batch, width, height);
        return core;
    }

    private int chooseBySize(int batch, int width, int height) {
        VggArchitecture net = settings.network();
        int deepest = settings.deepestLayer();
        int untiledVectors = MemoryEstimate.imageVectors(settings.optimizer(), settings.historySize());
        int longSide = Math.max(width, height);
        TileSetting tile = settings.tile();
        if (tile.kind() == TileSetting.Kind.OFF) {
            MemoryEstimate.checkOrSuggestTiling(net, deepest, batch, width, height, untiledVectors);
            return 0;
        }
        if (tile.kind() == TileSetting.Kind.SIZE) {
            int core = aligned(tile.size());
            if (longSide <= core) {
                MemoryEstimate.check(net, deepest, batch, width, height, untiledVectors);
                return 0;
            }
            requireSingle(batch, width, height);
            long need = tiledBytes(core, width, height);
            if (!MemoryEstimate.fitsAvailable(need)) {
                throw new SettingException("tile", String.format(java.util.Locale.ROOT,
                        "a %dx%d image in %d-px tiles would need about %s of memory but only %s is available; "
                                + "use smaller tiles, or a size of %d or less", width, height, core,
                        MemoryEstimate.human(need), MemoryEstimate.usable(), largestTiled(core, width, height)));
            }
            return core;
        }
        if (MemoryEstimate.fits(net, deepest, batch, width, height, untiledVectors)) {
            return 0;
        }
        requireSingle(batch, width, height);
        for (int size : AUTO_SIZES) {
            int core = aligned(size);
            if (core < longSide && MemoryEstimate.fitsAvailable(tiledBytes(core, width, height))) {
                return core;
            }
        }
        int smallest = aligned(AUTO_SIZES[AUTO_SIZES.length - 1]);
        throw new SettingException("size", String.format(java.util.Locale.ROOT,
                "a %dx%d image would need about %s of memory even in %d-px tiles, but only %s is available; "
                        + "use a size of %d or less", width, height,
                MemoryEstimate.human(tiledBytes(smallest, width, height)), smallest, MemoryEstimate.usable(),
                largestTiled(smallest, width, height)));
    }

    /** The margin of a tile of core {@code core}: the deepest layer's receptive radius, at most core/8. */
    int margin(int core) {
        int radius = receptiveRadius(settings.network(), settings.deepestLayer());
        return roundUp(Math.max(1, Math.min(radius, core / 8)), alignment());
    }

    int history() {
        return Math.min(settings.historySize(), TILED_HISTORY);
    }

    /** The total pooling stride at the deepest layer: tile boundaries must be multiples of it. */
    int alignment() {
        int stride = 1;
        List<VggLayer> layers = settings.network().layers();
        for (int i = 0; i <= settings.deepestLayer(); i++) {
            if (layers.get(i).kind() == VggLayer.Kind.POOL) {
                stride *= 2;
            }
        }
        return stride;
    }

    /** Half the receptive field, in input pixels, of the layer at {@code index}. */
    static int receptiveRadius(VggArchitecture net, int index) {
        int field = 1;
        int jump = 1;
        List<VggLayer> layers = net.layers();
        for (int i = 0; i <= index; i++) {
            switch (layers.get(i).kind()) {
                case CONV -> field += 2 * jump;
                case POOL -> {
                    field += jump;
                    jump *= 2;
                }
                default -> { }
            }
        }
        return (field + 1) / 2;
    }

    private long tiledBytes(int core, int width, int height) {
        int side = core + 2 * margin(core);
        List<Integer> content = settings.contentLayers().stream().map(l -> settings.network().layer(l).index()).toList();
        return MemoryEstimate.tiledBytes(settings.network(), settings.deepestLayer(), side, width, height,
                MemoryEstimate.imageVectors(settings.optimizer(), history()), content);
    }

    /** The largest long side of this aspect whose run in {@code core}-px tiles fits (at least 16). */
    private int largestTiled(int core, int width, int height) {
        int longSide = Math.max(width, height);
        int lo = 16;
        int hi = longSide;
        while (lo < hi) {
            int mid = (int) (((long) lo + hi + 1) / 2);
            int[] wh = StyleTransferEngine.outputSize(width, height, mid);
            if (MemoryEstimate.fitsAvailable(tiledBytes(core, wh[0], wh[1]))) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private int aligned(int size) {
        return roundUp(size, alignment());
    }

    private static int roundUp(int v, int to) {
        return (v + to - 1) / to * to;
    }

    private static void requireSingle(int batch, int width, int height) {
        if (batch > 1) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT,
                    "%d content images of %dx%d need tiling, which works on one image at a time; "
                            + "stylize them one by one", batch, width, height));
        }
    }
}
