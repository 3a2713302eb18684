package org.datasetexport.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForwardingDatasetTest {

    @Test
    void everyDatasetMethod_isForwarded() throws Exception {
        for (Method m : Dataset.class.getMethods()) {
            Method impl = ForwardingDataset.class.getMethod(m.getName(), m.getParameterTypes());
            assertThat(impl.getDeclaringClass()).as(m.getName()).isEqualTo(ForwardingDataset.class);
        }
    }

    @Test
    void labelledDataset_keepsIngestionTimeAndClockOfTheOneItWraps() {
        Instant now = Instant.parse("2026-11-28T00:00:00Z");
        Dataset withClock = new ForwardingDataset(Datasets.of("d", Schema.of(Field.required("t", DataType.TIMESTAMP)),
                List.of(Row.of(now)), r -> (Instant) r.get(0))) {
            @Override
            public Optional<Instant> currentTime() {
                return Optional.of(now);
            }
        };
        Dataset labelled = Datasets.withLabels(withClock, "C1");
        assertThat(labelled.labels()).containsExactly("C1");
        assertThat(labelled.hasIngestionTime()).isTrue();
        assertThat(labelled.currentTime()).contains(now);
        assertThat(Arrays.asList(labelled.id(), labelled.schema())).containsExactly("d", withClock.schema());
    }
}
