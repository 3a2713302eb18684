package org.datasetexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.spi.OptionValues;
import org.datasetexport.testing.MemoryDestination;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 16: inputs that used to be lost or mangled silently now fail, naming where. */
class HostileInputTest {
    private static final Schema SCHEMA = Schema.of(Field.required("id", DataType.LONG));
    private final MemoryDestination memory = MemoryDestination.create();

    @AfterEach
    void nothingLeftOpen() {
        memory.assertNoOpenOutputs();
    }

    private ExportResult export(Iterable<Row> rows) {
        return DatasetExport.from(Datasets.of("ds", SCHEMA, rows)).to(memory).format("text").manifest(true).run();
    }

    @Test
    void nullRowBetweenRows_inAList_failsNamingTheRowAndWritesNothing() {
        assertThatThrownBy(() -> export(Arrays.asList(Row.of(1L), null, Row.of(3L))))
                .isInstanceOfSatisfying(RecordException.class, e -> assertThat(e.rowNumber()).isEqualTo(1))
                .hasMessageContaining("row 1");
        assertThat(memory.committedPaths()).isEmpty();
    }

    @Test
    void nullRows_inAnyIterable_failNamingTheFirst() {
        Collection<Row> set = new LinkedHashSet<>(Arrays.asList(Row.of(1L), null));
        assertThatThrownBy(() -> export(set)).isInstanceOf(RecordException.class).hasMessageContaining("row 1");
        List<Row> allNull = new ArrayList<>(Arrays.asList(null, null, null));
        assertThatThrownBy(() -> export(allNull::iterator)).isInstanceOf(RecordException.class).hasMessageContaining("row 0");
        assertThat(memory.committedPaths()).isEmpty();
    }

    @Test
    void nullRow_inAnIncrementalDataset_isNotSkippedByTheWindow() {
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("ds", SCHEMA, Arrays.asList(Row.of(1L), null),
                r -> java.time.Instant.EPOCH)).to(memory).format("text").run())
                .isInstanceOf(RecordException.class).hasMessageContaining("row 1");
    }

    @Test
    void optionValuesOutOfRange_areConfigurationErrorsNotRawParseErrors() {
        assertThatThrownBy(() -> OptionValues.size("partSize", "99999999999999999999")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("partSize");
        assertThatThrownBy(() -> OptionValues.duration("timeout", "99999999999999999999d")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> OptionValues.duration("timeout", "9223372036854775807d")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> OptionValues.integer("n", "1\n[main] INFO forged")).isInstanceOf(ConfigurationException.class)
                .message().doesNotContain("\n");
        // issue 32: a negative timeout reads as "at once" to one library and "forever" to another
        assertThatThrownBy(() -> OptionValues.duration("readTimeout", "PT-5S")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("readTimeout").hasMessageContaining("negative");
        assertThat(OptionValues.duration("readTimeout", "PT0S")).isZero();
    }

    @Test
    void schedulesAndClocksBeyondFourDigitYears_areConfigurationErrors() {
        assertThatThrownBy(() -> Schedule.once(java.time.Instant.MAX)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("four-digit years");
        assertThatThrownBy(() -> Schedule.everyHours(1).startingAt(java.time.Instant.MIN)).isInstanceOf(ConfigurationException.class);
        assertThat(Schedule.everyHours(1).nextSlotAfter(java.time.Instant.parse("9999-12-31T23:30:00Z"))).isEmpty();
        assertThat(Schedule.daily(java.time.LocalTime.NOON).nextSlotAfter(java.time.Instant.parse("9999-12-31T13:00:00Z"))).isEmpty();
        java.time.Clock farAway = java.time.Clock.fixed(java.time.Instant.MAX, java.time.ZoneOffset.UTC);
        assertThatThrownBy(() -> DatasetExport.from(Datasets.of("ds", SCHEMA, List.of(Row.of(1L)))).to(memory).format("text")
                .clock(farAway).run()).isInstanceOf(ConfigurationException.class).hasMessageContaining("check the clock");
        assertThat(memory.committedPaths()).isEmpty();
    }
}
