package org.datasetexport.dest.adls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.datasetexport.DatasetExport;
import org.datasetexport.data.Datasets;
import org.datasetexport.testdata.ExperienceEvents;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: azure-core's default OkHttp client runs calls on non-daemon dispatcher threads that
 * kept a user's JVM alive for a minute after the last export (found by the consumer builds).
 */
class AdlsThreadsTest {
    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon()).collect(Collectors.toSet());
    }

    @Test
    void anExportAndClose_leaveNoNonDaemonThread() throws Exception {
        FakeDfsServer server = new FakeDfsServer("acct", "exports", null);
        try {
            Set<Thread> before = nonDaemonThreads();
            try (AdlsDestination adls = AdlsDestination.builder().account("acct").endpoint(server.endpoint()).fileSystem("exports")
                    .path("landing").credentials(AdlsCredentials.accountKey(AdlsContractTest.KEY)).maxTries(1).build()) {
                DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(100, 1))).to(adls).format("json").run();
            }
            Set<Thread> after = nonDaemonThreads();
            after.removeAll(before);
            assertThat(after).extracting(Thread::getName).isEmpty();
        } finally {
            server.close();
        }
    }
}
