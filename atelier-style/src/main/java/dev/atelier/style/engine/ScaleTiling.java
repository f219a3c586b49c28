package dev.atelier.style.engine;

/**
 * How one scale of a run was tiled ({@code stylize --tile}).
 *
 * @param scale the scale's index in the ladder
 * @param width the scale's width
 * @param height the scale's height
 * @param tile the side of a tile's core in pixels
 * @param margin the context added on every side of a core
 * @param history the L-BFGS history used at this scale (smaller than untiled: each pair is two image-sized vectors)
 */
public record ScaleTiling(int scale, int width, int height, int tile, int margin, int history) {}
