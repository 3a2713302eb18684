package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22: a scheduler process killed with kill -9 in the middle of a run. Restarted on the same
 * state folder, it takes the run over once its lease (5 minutes) has expired — not after 24 hours —,
 * removes the files the killed run had committed, and the next slot exports every row exactly once.
 */
class FlowCrashTest {
    @TempDir
    Path dir;

    @Test
    void schedulerKilledMidRun_restartTakesOverWithinTheLeaseAndExportsEveryRowOnce() throws Exception {
        Path state = dir.resolve("state");
        Path exports = dir.resolve("exports");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                FlowCrashChild.class.getName(), state.toString(), exports.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (child.isAlive() && System.nanoTime() < deadline && dataFiles(exports).size() < 3) {
                Thread.onSpinWait();
            }
            assertThat(child.isAlive()).as("killed mid-run").isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        int leftByTheKill = dataFiles(exports).size();
        assertThat(leftByTheKill).isGreaterThanOrEqualTo(3);

        MutableClock clock = MutableClock.at(FlowCrashChild.SLOT.plusSeconds(60));
        try (ExportScheduler restarted = ExportScheduler.builder().clock(clock).stateStore(StateStore.directory(state))
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = FlowCrashChild.flow(restarted, exports);
            assertThat(restarted.runDue()).as("within the lease the killed run still holds the flow").isEmpty();
            clock.set(FlowCrashChild.SLOT.plus(Duration.ofMinutes(6)));
            restarted.runDue();
            assertThat(flow.runs()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(RunStatus.FAILED);
                assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("abandoned").contains("removed"));
            });
            assertThat(dataFiles(exports)).as("the killed run's files are gone").isEmpty();
            clock.set(FlowCrashChild.SLOT.plus(Duration.ofHours(1)).plusSeconds(1));
            List<ExportRun> next = restarted.runDue();
            assertThat(next).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(r.records()).isEqualTo(FlowCrashChild.ROWS);
            });
        }
        long lines = 0;
        for (Path f : dataFiles(exports)) {
            try (Stream<String> l = Files.lines(f)) {
                lines += l.count();
            }
        }
        assertThat(lines).as("every row exactly once").isEqualTo(FlowCrashChild.ROWS);
        System.out.printf("FlowCrashTest: killed after %d committed file(s); taken over within the lease; %d rows once%n",
                leftByTheKill, lines);
    }

    private static List<Path> dataFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().startsWith("part-")).toList();
        } catch (Exception e) {
            return List.of(); // a folder changing under the walk: look again
        }
    }
}
