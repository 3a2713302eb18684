package org.datasetexport.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 22: close() without commit returns only after every started part has finished, and parts not yet started never upload. */
class PartUploadOutputTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Parts block until released; records what happened in which order. */
    private static class Blocking extends PartUploadOutput<Integer> {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger uploading = new AtomicInteger();
        final List<Integer> uploaded = new CopyOnWriteArrayList<>();
        final AtomicBoolean abortedWhileUploading = new AtomicBoolean();
        volatile boolean aborted;

        Blocking(ExecutorService pool) {
            super(pool, "test", "a/file.bin", 4, 1, 10_000);
        }

        @Override
        protected Integer uploadPart(int number, byte[] data) throws Exception {
            uploading.incrementAndGet();
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
                uploaded.add(number);
                return number;
            } finally {
                uploading.decrementAndGet();
            }
        }

        @Override
        protected void publishWhole(byte[] data) {
        }

        @Override
        protected void publishParts(List<Integer> parts) {
        }

        @Override
        protected void abortParts() {
            abortedWhileUploading.set(uploading.get() > 0);
            aborted = true;
        }

        @Override
        protected Exception failure(Throwable cause) {
            return new IOException(cause);
        }
    }

    /** Issue 20: a part uploads on the destination's pool with the run's MDC (runId, datasetId, flowId) of the writing thread. */
    @Test
    void partsUpload_withTheWritersMdc() throws Exception {
        java.util.Map<String, String> seen = new java.util.concurrent.ConcurrentHashMap<>();
        pool.submit(() -> org.slf4j.MDC.put("pool", "own")).get();
        try (org.datasetexport.spi.support.RunMdc scope = org.datasetexport.spi.support.RunMdc.enter("run-9", "ds", "flow-1");
                Blocking out = new Blocking(pool) {
                    @Override
                    protected Integer uploadPart(int number, byte[] data) throws Exception {
                        seen.putAll(org.slf4j.MDC.getCopyOfContextMap());
                        return super.uploadPart(number, data);
                    }
                }) {
            out.release.countDown();
            out.stream().write(new byte[4]);
            assertThat(out.started.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen).isEqualTo(java.util.Map.of("runId", "run-9", "datasetId", "ds", "flowId", "flow-1"));
        org.slf4j.MDC.clear();
    }

    @Test
    void close_withAPartStillUploading_waitsForItBeforeAborting() throws Exception {
        Blocking out = new Blocking(pool);
        out.stream().write(new byte[4]); // part 1 starts and blocks
        assertThat(out.started.await(5, TimeUnit.SECONDS)).isTrue();
        ExecutorService closer = Executors.newSingleThreadExecutor();
        try {
            Future<?> closing = closer.submit(out::close);
            // close must still be waiting: the part is uploading (a close that returned early would be done by now)
            assertThatThrownBy(() -> closing.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(out.aborted).isFalse();
            out.release.countDown();
            closing.get(5, TimeUnit.SECONDS);
        } finally {
            closer.shutdownNow();
        }
        assertThat(out.aborted).isTrue();
        assertThat(out.abortedWhileUploading).as("abortParts ran while a part was uploading").isFalse();
        assertThat(out.uploading.get()).isZero();
    }

    @Test
    void close_withPartsNotYetStarted_neverUploadsThem() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        CountDownLatch blockPool = new CountDownLatch(1);
        single.submit(() -> blockPool.await(10, TimeUnit.SECONDS)); // the pool is busy: the part waits in its queue
        try {
            Blocking out = new Blocking(single);
            out.release.countDown();
            out.stream().write(new byte[4]); // part 1 queued, not started
            out.close();
            blockPool.countDown();
            single.shutdown();
            assertThat(single.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(out.uploaded).as("a part queued before the abort").isEmpty();
            assertThat(out.aborted).isTrue();
        } finally {
            single.shutdownNow();
        }
    }

    /** A part that ignores interrupts and stalls for a long time (a hung socket); aborts counted. */
    private static final class Stalling extends PartUploadOutput<Integer> {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch unstall = new CountDownLatch(1);
        final AtomicInteger aborts = new AtomicInteger();

        Stalling(ExecutorService pool, java.time.Duration abortWait) {
            super(pool, "test", "a/file.bin", 4, 1, 10_000, abortWait);
        }

        @Override
        protected Integer uploadPart(int number, byte[] data) {
            started.countDown();
            while (true) {
                try {
                    unstall.await();
                    return number;
                } catch (InterruptedException ignored) {
                    // a socket read that interrupts do not reach
                }
            }
        }

        @Override
        protected void publishWhole(byte[] data) {
        }

        @Override
        protected void publishParts(List<Integer> parts) {
        }

        @Override
        protected void abortParts() {
            aborts.incrementAndGet();
        }

        @Override
        protected Exception failure(Throwable cause) {
            return new IOException(cause);
        }
    }

    /** Issue 32, item 3: an abort waits at most its abort wait, then aborts, and aborts again once the stalled part ends. */
    @Test
    void abort_waitsAtMostItsAbortWait_andRepeatsOnceTheStalledPartEnds() throws Exception {
        Stalling out = new Stalling(pool, java.time.Duration.ofMillis(300));
        out.stream().write(new byte[] {1, 2, 3, 4, 5});
        assertThat(out.started.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        out.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("bounded by the abort wait").isBetween(250L, 5_000L);
        assertThat(out.aborts).hasValue(1);
        out.unstall.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (out.aborts.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10); // the repeated abort runs on the pool once the part ends
        }
        assertThat(out.aborts).as("aborted again after the straggler").hasValue(2);
    }

    /** Issue 32, item 3: an interrupted caller (cancel, close of a flow) gets its thread back at once, interrupt kept. */
    @Test
    void abort_honoursAnInterrupt() throws Exception {
        Stalling out = new Stalling(pool, java.time.Duration.ofMinutes(10));
        out.stream().write(new byte[] {1, 2, 3, 4, 5});
        assertThat(out.started.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        out.close();
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000L);
        assertThat(out.aborts).hasValue(1);
        out.unstall.countDown();
    }
}
