package org.datasetexport.dest.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.datasetexport.DatasetExport;
import org.datasetexport.Destinations;
import org.datasetexport.ExportResult;
import org.datasetexport.data.Datasets;
import org.datasetexport.spi.Destination;
import org.datasetexport.testdata.ExperienceEvents;
import org.datasetexport.testdata.SecretScan;
import org.datasetexport.testdata.Secrets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Issue 16: with every logger at TRACE, no S3 credential appears in any log line, message, trace or toString. */
@Tag(SecretScan.TAG)
class S3SecretScanTest {
    private static final String KEY_ID = "AKIASCANKEYID0000001";
    private static final String SECRET = "scan/Secret+Key @with_awkward=chars";
    private static final String TOKEN = "ScanSessionToken/with+slash=and@at and_underscore";
    private static final String ASSUMED_SECRET = "scan/Assumed+Secret @role_key";
    private static final String ASSUMED_TOKEN = "ScanAssumedToken/from+STS=with&amp@at and_underscore";

    @BeforeAll
    static void trace() {
        SecretScan.everyLoggerAtTrace();
    }

    private static Map<String, String> options(String... extra) throws Exception {
        Map<String, String> o = new java.util.HashMap<>(Map.of("endpoint", S3MockServer.shared().endpoint().toString(),
                "region", "us-east-1", "pathStyle", "true", "accessKeyId", KEY_ID, "secretAccessKey", SECRET,
                "sessionToken", TOKEN, "partSize", "5MiB"));
        for (int i = 0; i < extra.length; i += 2) {
            o.put(extra[i], extra[i + 1]);
        }
        return o;
    }

    @Test
    void aFlowOverAnS3Uri_keepsNoCredentialInItsStateHistoryOrManifests(@org.junit.jupiter.api.io.TempDir java.nio.file.Path state)
            throws Exception {
        String prefix = "scan-flow-" + UUID.randomUUID();
        org.datasetexport.testing.MutableClock clock = org.datasetexport.testing.MutableClock.at(java.time.Instant.parse("2026-11-28T00:00:00Z"));
        try (org.datasetexport.flows.ExportScheduler scheduler = org.datasetexport.flows.ExportScheduler.builder().clock(clock)
                .stateStore(org.datasetexport.flows.StateStore.directory(state)).withoutBackgroundPolling().build()) {
            DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(50, 3)))
                    .to("s3://" + S3MockServer.BUCKET + "/" + prefix, options()).format("json").manifest(true).flowId("scan")
                    .schedule(org.datasetexport.Schedule.everyHours(1).startingAt(clock.instant())).start(scheduler);
            clock.advance(java.time.Duration.ofSeconds(5));
            assertThat(scheduler.runDue()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(org.datasetexport.flows.RunStatus.SUCCEEDED);
                Secrets.assertNotIn(r.toString(), SECRET, TOKEN);
            });
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(state)) {
            for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                Secrets.assertNotIn(java.nio.file.Files.readString(f), SECRET, TOKEN, KEY_ID);
            }
        }
        var client = S3MockServer.shared().client();
        int manifests = 0;
        for (var object : client.listObjectsV2(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).contents()) {
            if (object.key().contains("/manifest-")) {
                String manifest = client.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(object.key())).asUtf8String();
                Secrets.assertNotIn(manifest, SECRET, TOKEN, KEY_ID);
                manifests++;
            }
        }
        assertThat(manifests).isEqualTo(1);
    }

    @Test
    void goodAndFailingExports_neverShowACredential() throws Exception {
        List<Throwable> failures = new java.util.ArrayList<>();
        String prefix = "scan-" + UUID.randomUUID();
        try (Destination s3 = Destinations.of("s3://" + S3MockServer.BUCKET + "/" + prefix, options())) {
            ExportResult ok = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(300, 1)))
                    .to(s3).format("json").manifest(true).run();
            assertThat(ok.files()).isNotEmpty();
            Secrets.assertNotIn(s3.toString(), SECRET, TOKEN);
            s3.check();
        }
        try (Destination missing = Destinations.of("s3://no-such-bucket-" + UUID.randomUUID() + "/p", options("maxAttempts", "1"))) {
            failures.add(catchThrowable(() -> DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA,
                    ExperienceEvents.rows(10, 2))).to(missing).format("json").run()));
            failures.add(catchThrowable(missing::check));
        }
        failures.add(catchThrowable(() -> Destinations.of("s3://b/p", options("partSize", "huge"))));
        // an assumed role: the base key signs the STS call, whose answer holds a second secret and token
        try (StsStandIn sts = new StsStandIn("ASIASCANASSUMED", ASSUMED_SECRET, ASSUMED_TOKEN);
                Destination assumed = Destinations.of("s3://" + S3MockServer.BUCKET + "/" + prefix + "-role",
                        options("roleArn", "arn:aws:iam::123456789012:role/scan", "externalId", "scan-ext", "stsEndpoint", sts.endpoint()))) {
            assertThat(DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(300, 1)))
                    .to(assumed).format("json").run().files()).isNotEmpty();
            assertThat(sts.calls.get()).isPositive();
            Secrets.assertNotIn(assumed.toString(), SECRET, TOKEN, ASSUMED_SECRET, ASSUMED_TOKEN);
        }
        for (Throwable t : failures) {
            assertThat(t).isNotNull();
            Secrets.assertNotIn(t, SECRET, TOKEN);
        }
        // The secret key never leaves the process; the session token is a request header, which neither
        // the JDK's HTTP client nor QuietSigV4Signer prints (Apache HttpClient's header and wire loggers
        // and the AWS SDK's signer did, at DEBUG). No logger may show either.
        assertThat(SecretScan.leakingLoggers(SECRET, TOKEN, ASSUMED_SECRET, ASSUMED_TOKEN)).isEmpty();
    }
}
