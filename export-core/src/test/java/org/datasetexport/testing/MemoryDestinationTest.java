package org.datasetexport.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.time.Instant;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.StagedOutput;
import org.junit.jupiter.api.Test;

class MemoryDestinationTest {
    private final MemoryDestination dest = MemoryDestination.create();

    private void write(String path) throws IOException {
        try (StagedOutput out = dest.create(path)) {
            out.stream().write(new byte[] {1, 2});
            out.commit();
        }
    }

    @Test
    void failNth_failsOnlyTheNthCallOfThatOperation() throws Exception {
        IOException boom = new IOException("boom");
        dest.failNth(MemoryDestination.Operation.COMMIT, 2, boom);
        write("a");
        assertThatThrownBy(() -> write("b")).isSameAs(boom);
        write("c");
        assertThat(dest.committedPaths()).containsExactly("a", "c");
        assertThat(dest.aborted()).containsExactly("b");
    }

    @Test
    void failWhen_writeToMatchingPath_failsAtTheFirstWrite() throws Exception {
        dest.failWhen(MemoryDestination.Operation.WRITE, p -> p.endsWith(".gz"), new IOException("write failed"));
        write("ok.txt");
        assertThatThrownBy(() -> write("bad.gz")).hasMessage("write failed");
        dest.clearFailures();
        write("bad.gz");
        assertThat(dest.committedPaths()).containsExactly("bad.gz", "ok.txt");
    }

    @Test
    void create_whileTheSamePathIsOpen_fails() throws Exception {
        try (StagedOutput first = dest.create("x")) {
            assertThatThrownBy(() -> dest.create("x")).isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessageContaining("already open");
            first.commit();
        }
    }

    @Test
    void assertNoOpenOutputs_namesEachLeakWithItsCreationSite() throws Exception {
        StagedOutput leaked = dest.create("leaked/file");
        assertThatThrownBy(dest::assertNoOpenOutputs).isInstanceOf(AssertionError.class)
                .hasMessage("1 output(s) neither committed nor closed: [leaked/file]")
                .satisfies(e -> assertThat(e.getSuppressed()[0].getStackTrace()[0].getMethodName()).isEqualTo("create"));
        leaked.close();
        dest.assertNoOpenOutputs();
    }

    @Test
    void named_registersUntilClosed() {
        MemoryDestination named = MemoryDestination.named("reg-test");
        assertThatThrownBy(() -> MemoryDestination.named("reg-test")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("already registered");
        assertThat(named.id()).isEqualTo("memory-reg-test");
        named.close();
        MemoryDestination.named("reg-test").close();
    }

    @Test
    void failure_mustBeIoOrUnchecked() {
        assertThatThrownBy(() -> dest.failNext(MemoryDestination.Operation.OPEN, new Exception("checked")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("IOException or an unchecked exception");
        assertThat(dest.cleanup(Duration.ZERO)).isZero();
    }

    @Test
    void mutableClock_advancesAndSets() {
        MutableClock clock = MutableClock.create();
        assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START);
        assertThat(clock.advance(Duration.ofHours(3))).isEqualTo(Instant.parse("2026-01-01T03:00:00Z"));
        clock.set(Instant.EPOCH);
        assertThat(clock.millis()).isZero();
    }
}
