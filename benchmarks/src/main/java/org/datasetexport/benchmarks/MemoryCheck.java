package org.datasetexport.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.data.Datasets;
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
     * @param args rows, format, compression, parallelism
     * @throws Exception when the export fails
     */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String format = args.length > 1 ? args[1] : "json";
        Compression codec = Compression.valueOf((args.length > 2 ? args[2] : "none").toUpperCase(Locale.ROOT));
        int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 1;
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
            ExportResult result = DatasetExport.from(Datasets.of("bench", BenchmarkEvents.SCHEMA, BenchmarkEvents.generated(rows)))
                    .to(FileDestination.of(dir)).format(format).compression(codec).parallelism(parallelism).run();
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "%s %s p=%d: %,d rows, %,d bytes in %d files, %.1f s (%,.0f rows/s); -Xmx %d MiB, "
                    + "heap pools' peaks summed %d MiB, largest heap after a GC %d MiB%n",
                    format, codec, parallelism, result.records(), result.bytes(), result.files().size(), seconds, rows / seconds,
                    Runtime.getRuntime().maxMemory() >> 20, peak >> 20, liveAfterGc.get() >> 20);
        } finally {
            Timing.delete(dir);
        }
    }
}
