package org.datasetexport.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.ConfigurationException;
import org.junit.jupiter.api.Test;

/** Issue 16: a schema nested deeper than every reader and writer can walk fails when it is built. */
class TypeDepthTest {

    private static DataType nested(int levels) {
        DataType t = DataType.LONG;
        for (int i = 0; i < levels; i++) {
            t = switch (i % 3) {
                case 0 -> DataType.struct(Field.optional("f", t));
                case 1 -> DataType.array(t);
                default -> DataType.map(t);
            };
        }
        return t;
    }

    @Test
    void nestingAtTheLimit_isAccepted() {
        assertThat(TypeDepth.of(nested(TypeDepth.MAX))).isEqualTo(TypeDepth.MAX);
        assertThat(Schema.of(Field.optional("deep", nested(TypeDepth.MAX - 1))).fields()).hasSize(1);
    }

    @Test
    void nestingBeyondTheLimit_failsWhereTheTypeIsBuilt() {
        assertThatThrownBy(() -> nested(TypeDepth.MAX + 1)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("nest at most 100 levels");
        assertThatThrownBy(() -> nested(10_000)).isInstanceOf(ConfigurationException.class);
    }
}
