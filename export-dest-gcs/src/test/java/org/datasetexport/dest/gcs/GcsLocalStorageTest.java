package org.datasetexport.dest.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.datasetexport.DatasetExport;
import org.datasetexport.ExportResult;
import org.datasetexport.data.Datasets;
import org.datasetexport.testdata.ExperienceEvents;
import org.junit.jupiter.api.Test;

/**
 * Logic tests on LocalStorageHelper's in-memory Storage (no HTTP): key prefixes, listing, reading,
 * deleting and metadata. Its fake writer makes bytes visible before the final chunk and ignores
 * preconditions, so visibility and no-overwrite are proven against the strict HTTP fake instead
 * (GcsFakeContractTest).
 */
class GcsLocalStorageTest {
    private final Storage storage = LocalStorageHelper.getOptions().getService();

    private GcsDestination destination(String prefix) {
        return GcsDestination.builder().bucket("exports").prefix(prefix).client(storage).chunkSize(256 * 1024).build();
    }

    @Test
    void export_writesUnderThePrefixWithRunMetadataAndReadsBack() throws Exception {
        try (GcsDestination gcs = destination("/nightly/")) {
            ExportResult result = DatasetExport.from(Datasets.of("events", ExperienceEvents.SCHEMA, ExperienceEvents.rows(300, 2)))
                    .to(gcs).format("json").maxRecordsPerFile(100).run();
            assertThat(gcs.list("events/")).containsExactlyElementsOf(result.files().stream().map(f -> f.path()).toList());
            String key = "nightly/" + result.files().get(0).path();
            assertThat(storage.get(BlobId.of("exports", key)).getMetadata()).containsEntry("datasetexport-run-id", result.runId());
            try (InputStream in = gcs.open(result.files().get(0).path())) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()).hasSize(100);
            }
            gcs.delete(result.files().get(0).path());
            assertThat(gcs.list("")).hasSize(2);
            assertThatThrownBy(() -> gcs.open(result.files().get(0).path())).isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void list_usesPlainStringPrefixesUnderTheDestinationPrefix() throws Exception {
        for (String name : List.of("p/a/1", "p/a/10", "p/ab/2", "q/a/3")) {
            storage.create(com.google.cloud.storage.BlobInfo.newBuilder("exports", name).build(), new byte[] {1});
        }
        try (GcsDestination gcs = destination("p")) {
            assertThat(gcs.list("a")).containsExactly("a/1", "a/10", "ab/2");
            assertThat(gcs.list("a/")).containsExactly("a/1", "a/10");
        }
    }
}
