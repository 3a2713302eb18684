package org.datasetexport.dest.azure;

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
class AzureThreadsTest {
    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon()).collect(Collectors.toSet());
    }

    @Test
    void anExportAndClose_leaveNoNonDaemonThread() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        Set<Thread> before = nonDaemonThreads();
        try (AzureBlobDestination blob = AzureBlobDestination.builder().endpoint(server.endpoint()).container(server.newContainer())
                .credentials(AzureCredentials.accountKey(AzuriteServer.ACCOUNT, AzuriteServer.KEY)).build()) {
            DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(100, 1))).to(blob).format("json").run();
        }
        Set<Thread> after = nonDaemonThreads();
        after.removeAll(before);
        assertThat(after).extracting(Thread::getName).isEmpty();
    }
}
