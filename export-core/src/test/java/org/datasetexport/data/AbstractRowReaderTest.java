package org.datasetexport.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class AbstractRowReaderTest {

    /** Yields {@code count} rows; counts how often it is asked. */
    private static final class Counting extends AbstractRowReader {
        private final int count;
        int fetches;

        Counting(int count) {
            this.count = count;
        }

        @Override
        protected Row fetch() {
            fetches++;
            return fetches <= count ? Row.of((long) fetches) : null;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void hasNextLooksAheadOnce_nextNumbersRows_andTheEndIsFinal() {
        Counting reader = new Counting(2);

        assertThat(reader.rowNumber()).isEqualTo(-1);
        assertThat(reader.hasNext()).isTrue();
        assertThat(reader.hasNext()).isTrue();
        assertThat(reader.fetches).as("a repeated hasNext does not fetch again").isEqualTo(1);
        assertThat(reader.next()).isEqualTo(Row.of(1L));
        assertThat(reader.next()).isEqualTo(Row.of(2L));
        assertThat(reader.rowNumber()).isEqualTo(1);
        assertThat(reader.hasNext()).isFalse();
        assertThat(reader.hasNext()).isFalse();
        assertThat(reader.fetches).as("after the end nothing is fetched again").isEqualTo(3);
        assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
    }
}
