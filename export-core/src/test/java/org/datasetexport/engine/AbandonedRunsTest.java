package org.datasetexport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportException;
import org.datasetexport.ExportResult;
import org.datasetexport.ForwardingDestination;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Row;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.testdata.GeneratedRows;
import org.datasetexport.testing.MemoryDestination;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 32, item 2: every run marks itself live in its destination while it runs, renews the
 * marker, removes it when it ends, and refuses to publish when it may have been taken for dead;
 * {@link AbandonedRuns#remove} removes what a dead run left. (The kill -9 trials are in
 * {@code FileCrashTest}, {@code S3CrashTest} and {@code AzureCrashTest}; the per-destination
 * behaviour in the contract kit.)
 */
class AbandonedRunsTest {
    private final MemoryDestination memory = MemoryDestination.create();

    @AfterEach
    void resetLease() {
        System.clearProperty(AbandonedRuns.LEASE_PROPERTY);
    }

    /** Ten rows that stop before row {@code pauseAt} until released: the run has committed files by then. */
    private static final class Paused implements Iterable<Row> {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final int pauseAt;

        Paused(int pauseAt) {
            this.pauseAt = pauseAt;
        }

        @Override
        public Iterator<Row> iterator() {
            return new Iterator<>() {
                int next;

                @Override
                public boolean hasNext() {
                    if (next == pauseAt) {
                        reached.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return next < 10;
                }

                @Override
                public Row next() {
                    return Row.of((long) next++, "x");
                }
            };
        }
    }

    private CompletableFuture<ExportResult> start(Destination destination, Paused rows) throws InterruptedException {
        CompletableFuture<ExportResult> run = CompletableFuture.supplyAsync(() -> DatasetExport.from(Datasets.of("ds",
                GeneratedRows.SCHEMA, rows)).to(destination).format("text").maxRecordsPerFile(3).manifest(true).run());
        assertThat(rows.reached.await(10, TimeUnit.SECONDS)).isTrue();
        return run;
    }

    private List<String> markers() throws IOException {
        return memory.list(AbandonedRuns.MARKERS);
    }

    @Test
    void aRun_isMarkedLiveWhileItRuns_andTheMarkerGoesWhenItEnds_succeededOrFailed() throws Exception {
        Paused rows = new Paused(5);
        CompletableFuture<ExportResult> run = start(memory, rows);
        assertThat(markers()).singleElement().satisfies(m -> assertThat(m).endsWith(".live"));
        assertThat(memory.cleanup(Duration.ZERO)).as("a live run is not abandoned").isZero();
        rows.release.countDown();
        ExportResult result = run.get(30, TimeUnit.SECONDS);
        assertThat(markers()).isEmpty();
        assertThat(result.records()).isEqualTo(10);

        memory.failNth(MemoryDestination.Operation.COMMIT, 2, new IOException("disk full"));
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("ds", GeneratedRows.SCHEMA, GeneratedRows.of(10, "y")))
                .to(memory).format("text").maxRecordsPerFile(3).run()).isInstanceOf(ExportException.class);
        assertThat(markers()).as("a run that rolled back completely leaves no marker").isEmpty();
    }

    @Test
    void theMarker_isRenewedEveryThirdOfItsLease_neverMoreThanTwoAtOnce() throws Exception {
        System.setProperty(AbandonedRuns.LEASE_PROPERTY, "PT1S");
        Paused rows = new Paused(5);
        CompletableFuture<ExportResult> run = start(memory, rows);
        Set<String> seen = new TreeSet<>();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_600);
        while (System.nanoTime() < end) {
            List<String> now = markers();
            assertThat(now).hasSizeBetween(1, 2);
            seen.addAll(now);
            Thread.sleep(20);
        }
        assertThat(seen).as("renewed at least three times in 1.6 s").hasSizeGreaterThanOrEqualTo(4);
        assertThat(memory.cleanup(Duration.ZERO)).as("renewed: still live").isZero();
        rows.release.countDown();
        assertThat(run.get(30, TimeUnit.SECONDS).records()).isEqualTo(10);
    }

    @Test
    void aRunWhoseFileWasRemovedByACleaner_failsAtItsCommitPoint_insteadOfPublishingPartOfItsExport() throws Exception {
        Paused rows = new Paused(5);
        CompletableFuture<ExportResult> run = start(memory, rows);
        String committed = memory.committedPaths().stream().filter(p -> p.contains("/part-")).findFirst().orElseThrow();
        memory.delete(committed); // a cleaner whose clock runs ahead took the run for dead
        rows.release.countDown();
        assertThatThrownBy(() -> run.join()).hasCauseInstanceOf(ExportException.class).cause()
                .hasMessageContaining(committed).hasMessageContaining("was removed while the run was writing")
                .hasMessageContaining("not publishing");
        assertThat(memory.list("")).as("no manifest, no file, no marker").isEmpty();
    }

    @Test
    void aRunThatCannotRenewItsMarkerForAWholeLease_doesNotPublish() throws Exception {
        System.setProperty(AbandonedRuns.LEASE_PROPERTY, "PT1S");
        AtomicInteger markerWrites = new AtomicInteger();
        Destination unrenewable = new ForwardingDestination(memory) {
            @Override
            public StagedOutput create(String path) throws IOException {
                if (path.startsWith(AbandonedRuns.MARKERS) && markerWrites.incrementAndGet() > 1) {
                    throw new IOException("store unreachable");
                }
                return super.create(path);
            }
        };
        Paused rows = new Paused(5);
        CompletableFuture<ExportResult> run = start(unrenewable, rows);
        Thread.sleep(1_300);
        rows.release.countDown();
        assertThatThrownBy(() -> run.join()).cause().hasMessageContaining("could not renew its live marker")
                .hasMessageContaining("not publishing");
        assertThat(memory.list("")).isEmpty();
    }

    @Test
    void aRollbackThatCouldNotDeleteAFile_keepsTheMarker_andCleanupFinishesTheJobOnceItLapses() throws Exception {
        System.setProperty(AbandonedRuns.LEASE_PROPERTY, "PT1S");
        memory.failNth(MemoryDestination.Operation.COMMIT, 3, new IOException("disk full"));
        memory.failNext(MemoryDestination.Operation.DELETE, new IOException("delete denied"));
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("ds", GeneratedRows.SCHEMA, GeneratedRows.of(10, "y")))
                .to(memory).format("text").maxRecordsPerFile(3).run()).isInstanceOf(ExportException.class);
        assertThat(memory.committedPaths()).as("one file the rollback could not delete").hasSize(1);
        assertThat(markers()).hasSize(1);
        assertThat(memory.cleanup(Duration.ZERO)).as("not lapsed yet").isZero();
        Thread.sleep(1_100);
        assertThat(memory.cleanup(Duration.ZERO)).isEqualTo(2);
        assertThat(memory.list("")).isEmpty();
    }

    /** Refuses deleting live markers; the rest goes through. */
    private Destination markersUndeletable() {
        return new ForwardingDestination(memory) {
            @Override
            public void delete(String path) throws IOException {
                if (path.startsWith(AbandonedRuns.MARKERS)) {
                    throw new IOException("delete denied");
                }
                super.delete(path);
            }
        };
    }

    /**
     * Without a manifest, removing the marker is the run's commit: a marker left behind would let a
     * later cleanup take the published files for a dead run's, so the run fails and rolls back.
     */
    @Test
    void aRunWithoutManifest_whoseMarkerCannotBeRemoved_failsAndRollsBack_insteadOfLeavingFilesACleanupWouldDelete() {
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("ds", GeneratedRows.SCHEMA, GeneratedRows.of(10, "y")))
                .to(markersUndeletable()).format("text").maxRecordsPerFile(3).run()).isInstanceOf(ExportException.class)
                .hasMessageContaining("live marker could not be removed");
        assertThat(memory.committedPaths()).as("no file a cleanup would take for a dead run's").isEmpty();
    }

    /** With a manifest a marker left behind is harmless: the run succeeds, and a cleanup later removes only the marker. */
    @Test
    void aRunWithManifest_whoseMarkerCannotBeRemoved_succeeds_andCleanupKeepsItsFiles() throws Exception {
        System.setProperty(AbandonedRuns.LEASE_PROPERTY, "PT1S");
        ExportResult result = DatasetExport.from(Datasets.of("ds", GeneratedRows.SCHEMA, GeneratedRows.of(10, "y")))
                .to(markersUndeletable()).format("text").maxRecordsPerFile(3).manifest(true).run();
        assertThat(markers()).hasSize(1);
        Thread.sleep(1_100);
        assertThat(memory.cleanup(Duration.ZERO)).as("the marker only").isEqualTo(1);
        assertThat(memory.committedPaths()).hasSize(result.files().size() + 1);
    }

    @Test
    void theLeaseProperty_isValidated() {
        System.setProperty(AbandonedRuns.LEASE_PROPERTY, "two minutes");
        assertThatThrownBy(AbandonedRuns::lease).isInstanceOf(ConfigurationException.class).hasMessageContaining("ISO-8601");
        System.setProperty(AbandonedRuns.LEASE_PROPERTY, "PT0.5S");
        assertThatThrownBy(AbandonedRuns::lease).hasMessageContaining("at least PT1S");
        System.setProperty(AbandonedRuns.LEASE_PROPERTY, "PT30S");
        assertThat(AbandonedRuns.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> AbandonedRuns.remove(memory, Duration.ofSeconds(-1))).isInstanceOf(ConfigurationException.class);
    }
}
