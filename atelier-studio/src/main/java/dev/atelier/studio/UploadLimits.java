package dev.atelier.studio;

/**
 * What an uploaded image may be.
 *
 * @param maxBytes the largest file accepted
 * @param maxPixels the most pixels a file may declare; checked on the header, before any decoding, so a
 *     small file that declares a huge image (a decompression bomb) is refused cheaply
 */
public record UploadLimits(long maxBytes, long maxPixels) {
    /** 12 MB and 24 megapixels: any photo from a phone, nothing that would exhaust memory. */
    public static final UploadLimits DEFAULT = new UploadLimits(12L << 20, 24_000_000L);
}
