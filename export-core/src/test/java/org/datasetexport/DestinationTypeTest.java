package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.spi.Destination;
import org.datasetexport.testing.MemoryDestination;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Destination.type(): the kind of a destination, as runs report it to listeners (and metrics tag it). */
class DestinationTypeTest {
    @TempDir
    Path dir;

    private String typeReported(ExportBuilder export) {
        List<String> types = new ArrayList<>();
        export.format(new TextLinesFormat()).listener(new ExportListener() {
            @Override
            public void runStarted(RunStarted event) {
                types.add(event.destinationType());
            }
        }).run();
        return types.get(0);
    }

    @Test
    void runsReportTheKindOfTheirDestination_neverItsAddress_throughWrappersToo() {
        assertThat(typeReported(DatasetExport.from(ExportTestData.dataset(10)).to(MemoryDestination.create()))).isEqualTo("memory");
        MemoryDestination.named("typed");
        // a memory: URI resolves to a wrapper that must not leak its own class name
        assertThat(typeReported(DatasetExport.from(ExportTestData.dataset(10)).to("memory:typed"))).isEqualTo("memory");
        assertThat(typeReported(DatasetExport.from(ExportTestData.dataset(10)).to(FileDestination.of(dir)))).isEqualTo("file");
        assertThat(typeReported(DatasetExport.from(ExportTestData.dataset(10)).to("file://" + dir.resolve("uri")))).isEqualTo("file");
    }

    @Test
    void theDefault_isTheClassNameWithoutItsSuffix_andAnonymousClassesAreCustom() {
        Destination anonymous = new Stub() {
        };
        assertThat(anonymous.type()).isEqualTo("custom");
        assertThat(new LakeDestination().type()).isEqualTo("lake");
        assertThat(new Stub().type()).isEqualTo("stub");
    }

    /** A destination that does nothing: only its class name matters here. */
    private static class Stub implements Destination {
        @Override
        public String id() {
            return "stub";
        }

        @Override
        public org.datasetexport.spi.StagedOutput create(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> list(String prefix) {
            return List.of();
        }

        @Override
        public java.io.InputStream open(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String path) {
        }

        @Override
        public void check() {
        }
    }

    private static final class LakeDestination extends Stub {
    }
}
