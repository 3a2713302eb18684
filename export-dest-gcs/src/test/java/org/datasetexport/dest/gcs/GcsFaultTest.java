package org.datasetexport.dest.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Random;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.testdata.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: resumable uploads under network faults, through a fault proxy in front of the strict
 * JSON-API fake. A lost response to the final chunk, a stalled chunk and a lost session-start
 * response are each survived by the client's retries: the object appears once, with exactly the
 * bytes written, and the faults really happened.
 */
class GcsFaultTest {
    private FakeGcsServer server;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        server = new FakeGcsServer("exports");
        proxy = new FaultProxy(Integer.parseInt(server.endpoint().substring(server.endpoint().lastIndexOf(':') + 1)));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        server.close();
    }

    private GcsDestination destination() {
        return GcsDestination.builder().bucket("exports").endpoint("http://127.0.0.1:" + proxy.port()).projectId("test")
                .credentials(GcsCredentials.none()).chunkSize(256 * 1024).maxAttempts(6)
                .readTimeout(Duration.ofSeconds(2)).totalTimeout(Duration.ofSeconds(60)).build();
    }

    private static byte[] data() {
        byte[] data = new byte[1024 * 1024 + 123]; // four full chunks and a short final one
        new Random(22).nextBytes(data);
        return data;
    }

    private void writeAndCommit(String path, byte[] data) throws Exception {
        try (GcsDestination gcs = destination(); StagedOutput out = gcs.create(path)) {
            try (OutputStream os = out.stream()) {
                os.write(data);
            }
            out.commit();
        }
    }

    @Test
    void aLostResponseToTheFinalChunk_isRecovered_andTheObjectAppearsOnce() throws Exception {
        byte[] data = data();
        proxy.inject(head -> head.startsWith("PUT ") && head.contains("Content-Range: bytes ") && !head.contains("/*\r\n"),
                FaultProxy.Fault.DROP_RESPONSE, 1);
        writeAndCommit("final.bin", data);
        assertThat(proxy.faulted()).hasSize(1);
        assertThat(server.objects.get("final.bin").data()).isEqualTo(data);
        assertThat(server.objects).hasSize(1);
    }

    @Test
    void aStalledChunk_isAbandonedAfterTheReadTimeoutAndResent() throws Exception {
        byte[] data = data();
        proxy.inject(head -> head.startsWith("PUT ") && head.contains("Content-Range: bytes 262144-"), FaultProxy.Fault.STALL, 1);
        writeAndCommit("stalled.bin", data);
        assertThat(proxy.faulted()).hasSize(1);
        assertThat(server.objects.get("stalled.bin").data()).isEqualTo(data);
    }

    @Test
    void aLostResponseToTheSessionStart_startsAnotherSession() throws Exception {
        byte[] data = data();
        proxy.inject(head -> head.startsWith("POST ") && head.contains("uploadType=resumable"), FaultProxy.Fault.DROP_RESPONSE, 1);
        writeAndCommit("started.bin", data);
        assertThat(proxy.faulted()).hasSize(1);
        assertThat(server.objects.get("started.bin").data()).isEqualTo(data);
    }
}
