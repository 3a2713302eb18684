package org.datasetexport.flows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.testing.MemoryDestination;

/** A dataset that gains rows between runs, and a way to read back every exported id. */
final class FlowFixture {
    static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
    static final Schema SCHEMA = Schema.of(Field.required("id", DataType.LONG), Field.required("ingested", DataType.TIMESTAMP));

    final List<Row> rows = new CopyOnWriteArrayList<>();
    final Dataset dataset = Datasets.of("events", SCHEMA, rows, r -> (Instant) r.get(1));
    private long nextId;

    /** Adds a row ingested at {@code at}; returns its id. */
    long add(Instant at) {
        long id = nextId++;
        rows.add(Row.of(id, at));
        return id;
    }

    /** Ids of the rows ingested at or before {@code cutOff}. */
    List<Long> idsUpTo(Instant cutOff) {
        List<Long> ids = new ArrayList<>();
        for (Row r : rows) {
            if (!((Instant) r.get(1)).isAfter(cutOff)) {
                ids.add((Long) r.get(0));
            }
        }
        return ids;
    }

    /** Every id in every committed data file, duplicates kept. */
    static List<Long> exportedIds(MemoryDestination memory) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (String path : memory.committedPaths()) {
            if (path.contains("/manifest-")) {
                continue;
            }
            try (InputStream in = memory.open(path)) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .forEach(l -> ids.add(Long.parseLong(l.substring(4, l.indexOf(',')))));
            }
        }
        return ids;
    }

    /** @return the data files every committed manifest lists, as destination paths */
    static List<String> manifestedPaths(MemoryDestination memory) throws IOException {
        List<String> paths = new ArrayList<>();
        for (String path : memory.committedPaths()) {
            if (path.contains("/manifest-")) {
                try (InputStream in = memory.open(path)) {
                    for (org.datasetexport.engine.Manifest.Entry e : org.datasetexport.engine.ManifestCodec.read(in).exportResults()) {
                        paths.add(e.sinkPath().substring(1) + "/" + e.name());
                    }
                }
            }
        }
        return paths;
    }

    /** @return the directory store in {@code dir}, or (for any kind starting with "postgres") PostgreSQL's without state tables */
    static StateStore store(String kind, java.nio.file.Path dir) throws Exception {
        return kind.startsWith("postgres") ? StateStore.jdbc(org.datasetexport.testdata.PostgresServer.shared().dataSourceWithoutStateTables())
                : StateStore.directory(dir);
    }
}
