package org.datasetexport.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.ConfigurationException;
import org.junit.jupiter.api.Test;

class RowTest {
    @Test
    void of_copiesTheArray_wrapOwnsIt() {
        Object[] values = {1L, "a"};
        Row copied = Row.of(values);
        Row wrapped = Row.wrap(values);
        values[1] = "changed";
        assertThat(copied.get(1)).as("of(...) keeps its own copy").isEqualTo("a");
        assertThat(wrapped.get(1)).as("wrap(...) is the array itself: the caller handed it over").isEqualTo("changed");
        assertThat(copied).isEqualTo(Row.of(1L, "a"));
        assertThatThrownBy(() -> Row.wrap(null)).isInstanceOf(ConfigurationException.class);
    }
}
