package org.datasetexport.flows;

import static org.assertj.core.api.Assertions.assertThat;

import org.datasetexport.DatasetExport;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportResult;
import org.datasetexport.Schedule;
import org.datasetexport.SchemaChange;
import org.datasetexport.SchemaChangePolicy;
import org.datasetexport.TextLinesFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.groups.Tuple;
import org.datasetexport.SchemaChange.Kind;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Dataset;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.ScanRequest;
import org.datasetexport.data.Schema;
import org.datasetexport.data.Split;
import org.datasetexport.flows.service.Connections;
import org.datasetexport.flows.service.DatasetCatalog;
import org.datasetexport.testing.MemoryDestination;
import org.datasetexport.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 5: a flow run compares the schema it is about to write with the one its last
 * successful run wrote, records the difference by path in its history and tells listeners; the
 * flow's {@link SchemaChangePolicy} lets it through or refuses it (FAILED, nothing written, the
 * watermark where it was). Manifests carry the schema's fingerprint.
 */
class SchemaChangeTest {
    private static final Schema V1 = Schema.of(
            Field.required("id", DataType.LONG),
            Field.optional("email", DataType.STRING),
            Field.optional("address", DataType.struct(Field.optional("city", DataType.STRING))),
            Field.optional("tags", DataType.array(DataType.STRING)),
            Field.optional("price", DataType.decimal(10, 2)));

    private final MemoryDestination memory = MemoryDestination.create();
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T09:00:30Z"));

    @TempDir
    Path stateDir;

    // ---- the diff ----

    @Test
    void between_namesEveryDifferenceByPath() {
        Schema v2 = Schema.of(
                Field.required("id", DataType.INT),                                       // retyped
                Field.required("email", DataType.STRING),                                 // now required
                Field.optional("address", DataType.struct(Field.optional("city", DataType.STRING),
                        Field.optional("zip", DataType.STRING))),                         // nested field added
                Field.optional("tags", DataType.array(DataType.LONG)),                    // element retyped
                Field.optional("price", DataType.decimal(12, 2)),                         // precision
                Field.required("created", DataType.TIMESTAMP));                           // required added
        SchemaChange change = SchemaChange.between(V1, v2);

        assertThat(change.changes()).extracting(SchemaChange.Change::path, SchemaChange.Change::kind).containsExactly(
                Tuple.tuple("id", Kind.TYPE_CHANGED),
                Tuple.tuple("email", Kind.NULLABILITY_CHANGED),
                Tuple.tuple("address.zip", Kind.ADDED),
                Tuple.tuple("tags[]", Kind.TYPE_CHANGED),
                Tuple.tuple("price", Kind.TYPE_CHANGED),
                Tuple.tuple("created", Kind.ADDED));
        assertThat(change.toString()).contains("id: long -> int", "added address.zip (string?)", "created (timestamp)");
        assertThat(change.isAdditive()).isFalse();
        assertThat(SchemaChange.between(V1, V1).isEmpty()).isTrue();
        Schema removed = Schema.of(V1.fields().subList(0, 4));
        assertThat(SchemaChange.between(V1, removed).changes()).singleElement()
                .satisfies(c -> assertThat(c.toString()).isEqualTo("removed price (decimal(10,2)?)"));
    }

    @Test
    void additive_isNullableAdditionsAndRelaxedFieldsOnly() {
        List<Field> more = new ArrayList<>(V1.fields());
        more.add(Field.optional("phone", DataType.STRING));
        SchemaChange added = SchemaChange.between(V1, Schema.of(more));
        assertThat(added.isAdditive()).isTrue();
        assertThat(added.allowedBy(SchemaChangePolicy.ALLOW_ADDITIVE)).isTrue();
        assertThat(added.allowedBy(SchemaChangePolicy.FAIL)).isFalse();

        List<Field> relaxed = new ArrayList<>(V1.fields());
        relaxed.set(0, Field.optional("id", DataType.LONG));
        assertThat(SchemaChange.between(V1, Schema.of(relaxed)).isAdditive()).isTrue();
        assertThat(SchemaChange.between(Schema.of(relaxed), V1).isAdditive()).as("made required").isFalse();
        assertThat(SchemaChange.between(V1, V1).allowedBy(SchemaChangePolicy.FAIL)).as("no change").isTrue();
    }

    // ---- flows ----

    /** A dataset whose schema the test changes between runs, as a migrated table would. */
    private static final class ChangingDataset implements Dataset {
        final AtomicReference<Dataset> current = new AtomicReference<>();

        void use(Schema schema) {
            List<Row> rows = new ArrayList<>();
            for (long i = 0; i < 3; i++) {
                Object[] values = new Object[schema.fields().size()];
                values[0] = schema.fields().get(0).type() == DataType.INT ? (Object) (int) i : (Object) i;
                rows.add(Row.of(values));
            }
            current.set(Datasets.of("people", schema, rows));
        }

        @Override
        public String id() {
            return "people";
        }

        @Override
        public Schema schema() {
            return current.get().schema();
        }

        @Override
        public List<? extends Split> plan(ScanRequest request) {
            return current.get().plan(request);
        }

        @Override
        public RowReader read(Split split) {
            return current.get().read(split);
        }
    }

    private record Seen(List<ExportListener.SchemaChanged> events) implements ExportListener {
        @Override
        public void schemaChanged(SchemaChanged event) {
            events.add(event);
        }
    }

    private static Schema withPhone() {
        List<Field> more = new ArrayList<>(V1.fields());
        more.add(Field.optional("phone", DataType.STRING));
        return Schema.of(more);
    }

    /** Runs are ordered by start time: a second between them, as real runs have. */
    private ExportRun runNow(ExportFlow flow) {
        clock.advance(Duration.ofSeconds(1));
        return flow.runNow();
    }

    @Test
    void allowAdditive_letsAnAdditionThrough_andRefusesARemoval_writingNothing() {
        ChangingDataset dataset = new ChangingDataset();
        dataset.use(V1);
        Seen seen = new Seen(new ArrayList<>());
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.directory(stateDir))
                .withoutBackgroundPolling().listener(seen).build()) {
            ExportFlow flow = DatasetExport.from(dataset).to(memory).format(new TextLinesFormat()).clock(clock).flowId("people")
                    .manifest(true).onSchemaChange(SchemaChangePolicy.ALLOW_ADDITIVE)
                    .schedule(Schedule.everyHours(1)).start(scheduler);
            ExportRun first = runNow(flow);
            assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(first.schemaChange()).isEmpty();
            assertThat(first.schema()).hasValue(V1.toJson());

            dataset.use(withPhone());
            ExportRun second = runNow(flow);
            assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(second.schemaChange()).hasValueSatisfying(c -> assertThat(c.toString()).isEqualTo("added phone (string?)"));
            assertThat(seen.events()).singleElement().satisfies(e -> assertThat(e.refused()).isFalse());

            Set<String> before = memory.committedPaths();
            Instant watermark = flow.watermark().orElse(null);
            dataset.use(Schema.of(withPhone().fields().stream().filter(f -> !f.name().equals("email")).toList()));
            ExportRun third = runNow(flow);
            assertThat(third.status()).isEqualTo(RunStatus.FAILED);
            assertThat(third.error()).hasValueSatisfying(e -> assertThat(e).contains("ALLOW_ADDITIVE", "removed email"));
            assertThat(third.schemaChange()).hasValueSatisfying(c -> assertThat(c.isAdditive()).isFalse());
            assertThat(memory.committedPaths()).as("a refused run writes nothing").isEqualTo(before);
            assertThat(flow.watermark().orElse(null)).isEqualTo(watermark);
            assertThat(seen.events()).hasSize(2).last().satisfies(e -> assertThat(e.refused()).isTrue());
        }
        // the history, the report and the policy survive a restart (the directory store's JSON)
        try (ExportScheduler again = ExportScheduler.builder().clock(clock).stateStore(StateStore.directory(stateDir))
                .datasets(new DatasetCatalog().register(dataset)).connections(new Connections().register(memory))
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = again.flow("people").orElseThrow();
            assertThat(flow.definition().settings().schemaChangePolicy()).isEqualTo(SchemaChangePolicy.ALLOW_ADDITIVE);
            List<ExportRun> runs = flow.runs();
            assertThat(runs.get(0).schemaChange()).hasValueSatisfying(c -> assertThat(c.toString()).isEqualTo("removed email (string?)"));
            assertThat(runs.get(1).schemaChange()).hasValueSatisfying(c -> assertThat(c.toString()).isEqualTo("added phone (string?)"));
        }
    }

    @Test
    void failRefusesAnyChange_andAllowAnyOnlyReports() {
        for (SchemaChangePolicy policy : List.of(SchemaChangePolicy.FAIL, SchemaChangePolicy.ALLOW_ANY)) {
            ChangingDataset dataset = new ChangingDataset();
            dataset.use(V1);
            try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.inMemory())
                    .withoutBackgroundPolling().build()) {
                ExportFlow flow = DatasetExport.from(dataset).to(memory).format(new TextLinesFormat()).clock(clock)
                        .flowId("p-" + policy.name().toLowerCase()).onSchemaChange(policy)
                        .schedule(Schedule.everyHours(1)).start(scheduler);
                assertThat(runNow(flow).status()).isEqualTo(RunStatus.SUCCEEDED);
                dataset.use(withPhone());
                ExportRun changed = runNow(flow);
                assertThat(changed.status()).as("%s", policy)
                        .isEqualTo(policy == SchemaChangePolicy.FAIL ? RunStatus.FAILED : RunStatus.SUCCEEDED);
                assertThat(changed.schemaChange()).isPresent();
                ExportRun same = runNow(flow);
                assertThat(same.schemaChange()).as("compared with the last successful run").isEqualTo(
                        policy == SchemaChangePolicy.FAIL ? changed.schemaChange() : Optional.empty());
            }
        }
    }

    /** A schema whose JSON is over {@link ExportRun#MAX_KEPT_SCHEMA} characters: V1 plus many long-named fields. */
    private static Schema huge(String extraName) {
        List<Field> fields = new ArrayList<>(V1.fields());
        for (int i = 0; i < 700; i++) {
            fields.add(Field.optional("a_rather_long_column_name_for_a_wide_table_number_" + i, DataType.STRING));
        }
        if (extraName != null) {
            fields.add(Field.optional(extraName, DataType.STRING));
        }
        return Schema.of(fields);
    }

    @Test
    void aSchemaTooLargeToKeep_isTrackedByItsFingerprint_soFailStillRefusesAChange() {
        assertThat(huge(null).toJson().length()).isGreaterThan(ExportRun.MAX_KEPT_SCHEMA);
        ChangingDataset dataset = new ChangingDataset();
        dataset.use(huge(null));
        try (ExportScheduler scheduler = ExportScheduler.builder().clock(clock).stateStore(StateStore.directory(stateDir))
                .withoutBackgroundPolling().build()) {
            ExportFlow flow = DatasetExport.from(dataset).to(memory).format(new TextLinesFormat()).clock(clock)
                    .flowId("wide").onSchemaChange(SchemaChangePolicy.FAIL).schedule(Schedule.everyHours(1)).start(scheduler);
            ExportRun first = runNow(flow);
            assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(first.schema()).as("too large to keep").isEmpty();
            assertThat(first.schemaFingerprint()).hasValue(ExportRun.fingerprint(huge(null).toJson()));

            ExportRun same = runNow(flow);
            assertThat(same.status()).as("same schema, same fingerprint").isEqualTo(RunStatus.SUCCEEDED);
            assertThat(same.schemaChange()).isEmpty();

            dataset.use(huge("one_more"));
            ExportRun changed = runNow(flow);
            assertThat(changed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(changed.error()).hasValueSatisfying(e -> assertThat(e).contains("Schema change refused"));
            assertThat(changed.schemaChange()).hasValueSatisfying(c -> assertThat(c.isAdditive()).isFalse());
        }
    }

    @Test
    void manifest_carriesTheSchemaFingerprint() throws Exception {
        ExportResult result = DatasetExport.from(Datasets.of("people", V1, List.of(Row.of(1L, null, null, null, null))))
                .to(memory).format(new TextLinesFormat()).manifest(true).run();
        try (InputStream in = memory.open(result.manifestPath().orElseThrow())) {
            String fingerprint = new ObjectMapper().readTree(in).path("schemaFingerprint").asText();
            assertThat(fingerprint).isEqualTo(V1.fingerprint()).hasSize(64);
        }
        assertThat(withPhone().fingerprint()).isNotEqualTo(V1.fingerprint());
    }
}
