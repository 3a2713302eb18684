package org.datasetexport.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportBuilder;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportSettings;
import org.datasetexport.Partition;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.dest.file.FileDestination;

/**
 * Issue 23's memory check: exports rows generated while read (nothing held) with default settings
 * and prints, next to the maximum heap the JVM was given, the heap pools' peaks summed (an upper
 * bound: pools peak at different times) and the largest heap still in use right after a garbage
 * collection (what the export really holds, plus the JVM's own). Run it in a JVM of its own with a small {@code -Xmx}, e.g.
 * {@code java -Xmx128m -cp … MemoryCheck 20000000 json none 2}; finishing at all proves the bound.
 */
public final class MemoryCheck {
    private MemoryCheck() {
    }

    /**
     * @param args rows, format, compression, parallelism, and optionally a partition spec —
     *             {@code hours:N} (timestamps spread over N hours, in order, partitioned by
     *             {@code hour(timestamp)}: N partition values arriving one after the other) or
     *             {@code bucket:N} ({@code bucket(N, _id)}: N values in random order) — and maxOpenFiles
     * @throws Exception when the export fails
     */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String format = args.length > 1 ? args[1] : "json";
        Compression codec = Compression.valueOf((args.length > 2 ? args[2] : "none").toUpperCase(Locale.ROOT));
        int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        String partitionSpec = args.length > 4 ? args[4] : "";
        int maxOpenFiles = args.length > 5 ? Integer.parseInt(args[5]) : ExportSettings.DEFAULT_MAX_OPEN_FILES;
        AtomicLong liveAfterGc = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    long live = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo()
                            .getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                    liveAfterGc.accumulateAndGet(live, Math::max);
                }
            }, null, null);
        }
        Path dir = Files.createTempDirectory("datasetexport-memory-check");
        try {
            long start = System.nanoTime();
            Iterable<Row> source = BenchmarkEvents.generated(rows);
            ExportBuilder export;
            if (partitionSpec.startsWith("hours:")) {
                long hours = Long.parseLong(partitionSpec.substring("hours:".length()));
                source = retimed(source, rows, hours);
                export = DatasetExport.from(Datasets.of("bench", BenchmarkEvents.SCHEMA, source))
                        .partitionBy(Partition.hour("timestamp"));
            } else if (partitionSpec.startsWith("bucket:")) {
                export = DatasetExport.from(Datasets.of("bench", BenchmarkEvents.SCHEMA, source))
                        .partitionBy(Partition.bucket(Integer.parseInt(partitionSpec.substring("bucket:".length())), "_id"));
            } else {
                export = DatasetExport.from(Datasets.of("bench", BenchmarkEvents.SCHEMA, source));
            }
            ExportResult result = export.maxOpenFiles(maxOpenFiles)
                    .to(FileDestination.of(dir)).format(format).compression(codec).parallelism(parallelism).run();
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "%s %s p=%d %s: %,d rows, %,d bytes in %d files, %.1f s (%,.0f rows/s); -Xmx %d MiB, "
                    + "heap pools' peaks summed %d MiB, largest heap after a GC %d MiB%n",
                    format, codec, parallelism, partitionSpec.isEmpty() ? "unpartitioned" : partitionSpec + " maxOpenFiles=" + maxOpenFiles,
                    result.records(), result.bytes(), result.files().size(), seconds, rows / seconds,
                    Runtime.getRuntime().maxMemory() >> 20, peak >> 20, liveAfterGc.get() >> 20);
        } finally {
            Timing.delete(dir);
        }
    }

    /** The same rows with timestamps spread evenly over {@code hours} hours, in order. */
    private static Iterable<Row> retimed(Iterable<Row> rows, int count, long hours) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        double step = hours * 3600.0 / count;
        int width = BenchmarkEvents.SCHEMA.fields().size();
        return () -> new Iterator<>() {
            private final Iterator<Row> it = rows.iterator();
            private long i;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                Row r = it.next();
                Object[] values = new Object[width];
                for (int k = 0; k < width; k++) {
                    values[k] = r.get(k);
                }
                values[1] = start.plusMillis((long) (i++ * step * 1000));
                return Row.of(values);
            }
        };
    }
}
