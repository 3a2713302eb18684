package org.datasetexport.dest.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.data.Datasets;
import org.datasetexport.engine.AbandonedRuns;
import org.datasetexport.testdata.GeneratedRows;
import org.datasetexport.testdata.RunMarkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 32: a one-off export to Azure Blob Storage (Azurite) killed with kill -9 after it committed
 * some files leaves whole blobs only, and its live marker; once that lapses (a 2-second lease here)
 * {@code cleanup(Duration.ZERO)} removes every blob of the killed run, and after a new export every
 * data blob under the prefix is in a manifest, each id once.
 */
class AzureCrashTest {
    @TempDir
    Path dir;

    @Test
    void exportKilledAfterSomeFiles_isRemovedByCleanup_andANewExportLeavesOnlyManifestedBlobs() throws Exception {
        AzuriteServer server = AzuriteServer.shared();
        String container = server.newContainer();
        BlobContainerClient blobs = server.service().getBlobContainerClient(container);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-D" + AbandonedRuns.LEASE_PROPERTY + "=PT2S",
                "-cp", System.getProperty("java.class.path"), AzureCrashChild.class.getName(), server.endpoint(), container, "exports")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (child.isAlive() && System.nanoTime() < deadline && names(blobs, "exports/crash/").size() < 3) {
                Thread.sleep(20); // polling another process's progress
            }
            assertThat(child.isAlive()).as("killed while exporting").isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        List<String> left = names(blobs, "exports/crash/");
        assertThat(left).hasSizeGreaterThanOrEqualTo(3).noneMatch(n -> n.contains("/manifest-"));
        for (String name : left) {
            String text = blobs.getBlobClient(name).downloadContent().toString();
            assertThat(text.split("\n")).as("%s is a whole file", name).hasSize(20_000);
        }
        List<String> markers = names(blobs, "exports/" + AbandonedRuns.MARKERS);
        assertThat(markers).as("the killed run's live marker").isNotEmpty();
        try (AzureBlobDestination azure = AzureBlobDestination.builder().account(AzuriteServer.ACCOUNT).endpoint(server.endpoint())
                .container(container).prefix("exports").credentials(AzureCredentials.accountKey(AzuriteServer.ACCOUNT, AzuriteServer.KEY))
                .build()) {
            assertThat(RunMarkers.awaitLapsed(azure, Duration.ofSeconds(2))).isTrue();
            assertThat(azure.cleanup(Duration.ZERO)).isEqualTo(left.size() + markers.size());
            assertThat(names(blobs, "exports/")).as("nothing of the killed run").isEmpty();

            ExportResult again = DatasetExport.from(Datasets.of("crash", GeneratedRows.SCHEMA, GeneratedRows.of(30_000, "z")))
                    .to(azure).format("json").maxRecordsPerFile(10_000).manifest(true).run();
            List<String> listed = again.files().stream().map(f -> "exports/" + f.path()).toList();
            Set<Long> ids = new HashSet<>();
            for (String name : names(blobs, "exports/")) {
                if (name.contains("/part-")) {
                    assertThat(listed).as("%s is in the manifest", name).contains(name);
                    for (String line : blobs.getBlobClient(name).downloadContent().toString().split("\n")) {
                        assertThat(ids.add(Long.parseLong(line.substring(6, line.indexOf(','))))).as("id once").isTrue();
                    }
                }
            }
            assertThat(ids).hasSize(30_000);
        }
    }

    private static List<String> names(BlobContainerClient blobs, String prefix) {
        List<String> names = new ArrayList<>();
        for (BlobItem item : blobs.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
            names.add(item.getName());
        }
        return names;
    }
}
