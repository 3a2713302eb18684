package org.datasetexport.spi;

/**
 * What the engine knows about a file when it starts writing it; destinations that store object
 * metadata (S3 user metadata, blob metadata) may record it.
 *
 * @param runId the run writing the file
 * @param datasetId the dataset it comes from
 * @param maxFileSize the export's {@code maxFileSize}: files end soon after reaching it, so
 *        destinations that upload in parts can size their parts to stay within their part-count
 *        limit (see {@link #partSizeFor})
 */
public record OutputInfo(String runId, String datasetId, long maxFileSize) {

    /**
     * The part size to use so a file of up to {@code maxFileSize} (plus a margin, since a file ends
     * after the row that crosses the limit) fits in {@code maxParts} parts.
     *
     * @param configured the destination's configured part size
     * @param maxParts the store's part-count limit
     * @return {@code configured}, or a larger size rounded up to a whole MiB when needed
     */
    public long partSizeFor(long configured, int maxParts) {
        long needed = (long) Math.ceil(maxFileSize * 1.1 / maxParts);
        if (needed <= configured) {
            return configured;
        }
        long mib = 1024L * 1024;
        return (needed + mib - 1) / mib * mib;
    }
}
