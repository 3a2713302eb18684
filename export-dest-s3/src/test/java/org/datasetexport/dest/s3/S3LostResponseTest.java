package org.datasetexport.dest.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.UUID;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.ExportVerifier;
import org.datasetexport.data.Datasets;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.FaultProxy;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 22: the response to a conditional publish (PutObject or CompleteMultipartUpload with
 * If-None-Match) is lost after S3 committed the object; the SDK's retry then gets 412 for its own
 * object. That is success, not "already exists", and the export goes through.
 */
class S3LostResponseTest {

    private S3Destination viaProxy(FaultProxy proxy, int partSize) throws Exception {
        return S3Destination.builder().bucket(S3MockServer.BUCKET).prefix("lost-" + UUID.randomUUID())
                .endpointOverride(URI.create("http://127.0.0.1:" + proxy.port())).forcePathStyle(true).region("us-east-1")
                .credentials(S3Credentials.accessKey("AKIATESTKEY", "test-secret-do-not-print")).partSize(partSize).build();
    }

    @Test
    void lostResponseToThePutOfASmallFile_retryRecognisesItsOwnObject() throws Exception {
        S3MockServer s3 = S3MockServer.shared();
        try (FaultProxy proxy = new FaultProxy(s3.endpoint().getPort())) {
            proxy.inject(head -> head.startsWith("PUT ") && head.toLowerCase().contains("if-none-match"), FaultProxy.Fault.DROP_RESPONSE, 1);
            try (S3Destination dest = viaProxy(proxy, 5 * 1024 * 1024)) {
                ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(100, 1)))
                        .to(dest).format("json").manifest(true).run();
                assertThat(proxy.faulted()).hasSize(1);
                assertThat(ExportVerifier.verify(dest, result.manifestPath().orElseThrow()).problems()).isEmpty();
            }
        }
    }

    @Test
    void lostResponseToCompleteMultipartUpload_retryRecognisesItsOwnObject() throws Exception {
        S3MockServer s3 = S3MockServer.shared();
        try (FaultProxy proxy = new FaultProxy(s3.endpoint().getPort())) {
            proxy.inject(head -> head.startsWith("POST ") && head.contains("uploadId="), FaultProxy.Fault.DROP_RESPONSE, 1);
            try (S3Destination dest = viaProxy(proxy, 5 * 1024 * 1024)) {
                ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA,
                        ExperienceEvents.rows(30_000, 2))).to(dest).format("json").manifest(true).run();
                assertThat(proxy.faulted()).hasSize(1);
                assertThat(result.files()).anySatisfy(f -> assertThat(f.sizeBytes()).isGreaterThan(5L * 1024 * 1024));
                assertThat(ExportVerifier.verify(dest, result.manifestPath().orElseThrow()).problems()).isEmpty();
            }
        }
    }

    /** Issue 32, item 3: the retry after a lost CreateMultipartUpload response started a second upload; the first stayed pending. */
    @Test
    void lostResponseToCreateMultipartUpload_leavesNoStrayPendingUpload() throws Exception {
        S3MockServer s3 = S3MockServer.shared();
        try (FaultProxy proxy = new FaultProxy(s3.endpoint().getPort())) {
            proxy.inject(head -> head.startsWith("POST ") && head.contains("?uploads"), FaultProxy.Fault.DROP_RESPONSE, 1);
            try (S3Destination dest = viaProxy(proxy, 5 * 1024 * 1024)) {
                ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA,
                        ExperienceEvents.rows(30_000, 2))).to(dest).format("json").manifest(true).run();
                assertThat(proxy.faulted()).hasSize(1);
                assertThat(ExportVerifier.verify(dest, result.manifestPath().orElseThrow()).problems()).isEmpty();
                S3Client client = s3.client();
                assertThat(client.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET)).uploads()).as("no pending upload after a successful run").noneMatch(u -> u.key().contains(result.runId()));
            }
        }
    }

    @Test
    void stalledPartUpload_isNoticedWithinTheAttemptTimeoutAndRetried() throws Exception {
        S3MockServer s3 = S3MockServer.shared();
        try (FaultProxy proxy = new FaultProxy(s3.endpoint().getPort())) {
            proxy.inject(head -> head.startsWith("PUT ") && head.contains("partNumber=2"), FaultProxy.Fault.STALL, 1);
            try (S3Destination dest = S3Destination.builder().bucket(S3MockServer.BUCKET).prefix("stall-" + UUID.randomUUID())
                    .endpointOverride(URI.create("http://127.0.0.1:" + proxy.port())).forcePathStyle(true).region("us-east-1")
                    .credentials(S3Credentials.accessKey("AKIATESTKEY", "test-secret-do-not-print")).partSize(5 * 1024 * 1024)
                    .apiCallAttemptTimeout(java.time.Duration.ofSeconds(10)).build()) {
                long started = System.nanoTime();
                ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA,
                        ExperienceEvents.rows(30_000, 3))).to(dest).format("json").manifest(true).run();
                assertThat(proxy.faulted()).hasSize(1);
                assertThat(ExportVerifier.verify(dest, result.manifestPath().orElseThrow()).problems()).isEmpty();
                // the stall cost one attempt timeout plus a backoff, not the HTTP client's minutes
                assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(60));
            }
        }
    }

    /** A slow link: a part trickling at 32 KiB/s would take minutes; the attempt timeout abandons it and the retry goes through. */
    @Test
    void trickledPartUpload_isAbandonedAtTheAttemptTimeoutAndRetried() throws Exception {
        S3MockServer s3 = S3MockServer.shared();
        try (FaultProxy proxy = new FaultProxy(s3.endpoint().getPort())) {
            proxy.inject(head -> head.startsWith("PUT ") && head.contains("partNumber=1"), FaultProxy.Fault.TRICKLE, 1);
            try (S3Destination dest = S3Destination.builder().bucket(S3MockServer.BUCKET).prefix("trickle-" + UUID.randomUUID())
                    .endpointOverride(URI.create("http://127.0.0.1:" + proxy.port())).forcePathStyle(true).region("us-east-1")
                    .credentials(S3Credentials.accessKey("AKIATESTKEY", "test-secret-do-not-print")).partSize(5 * 1024 * 1024)
                    .apiCallAttemptTimeout(java.time.Duration.ofSeconds(5)).build()) {
                long started = System.nanoTime();
                ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA,
                        ExperienceEvents.rows(30_000, 8))).to(dest).format("json").manifest(true).run();
                java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);
                assertThat(proxy.faulted()).hasSize(1);
                assertThat(ExportVerifier.verify(dest, result.manifestPath().orElseThrow()).problems()).isEmpty();
                // 5 MiB at 32 KiB/s is 160 s; the attempt timeout (5 s) cut it short
                assertThat(took).isLessThan(java.time.Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void resetConnections_areRetried_andWhenRetriesRunOutNothingIsLeft() throws Exception {
        S3MockServer s3 = S3MockServer.shared();
        try (FaultProxy proxy = new FaultProxy(s3.endpoint().getPort())) {
            proxy.inject(head -> head.startsWith("PUT ") && head.contains("partNumber="), FaultProxy.Fault.RESET, 3);
            try (S3Destination dest = viaProxy(proxy, 5 * 1024 * 1024)) {
                ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA,
                        ExperienceEvents.rows(30_000, 6))).to(dest).format("json").manifest(true).run();
                assertThat(proxy.faulted()).hasSize(3);
                assertThat(ExportVerifier.verify(dest, result.manifestPath().orElseThrow()).problems()).isEmpty();
            }
        }
        try (FaultProxy proxy = new FaultProxy(s3.endpoint().getPort())) {
            proxy.inject(head -> head.startsWith("PUT ") && head.contains("partNumber=2"), FaultProxy.Fault.RESET, 100);
            String prefix = "reset-" + UUID.randomUUID();
            try (S3Destination dest = S3Destination.builder().bucket(S3MockServer.BUCKET).prefix(prefix)
                    .endpointOverride(URI.create("http://127.0.0.1:" + proxy.port())).forcePathStyle(true).region("us-east-1")
                    .credentials(S3Credentials.accessKey("AKIATESTKEY", "test-secret-do-not-print")).partSize(5 * 1024 * 1024)
                    .maxAttempts(2).build()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatasetExport.from(Datasets.of("events",
                        ExperienceEvents.SCHEMA, ExperienceEvents.rows(30_000, 7))).to(dest).format("json").manifest(true).run())
                        .isInstanceOfSatisfying(org.datasetexport.DestinationException.class,
                                e -> assertThat(e.isRetryable()).isTrue());
            }
            var client = s3.client();
            assertThat(client.listObjectsV2(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).contents()).isEmpty();
            assertThat(client.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).uploads()).isEmpty();
        }
    }
}
