package org.datasetexport.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.ConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * Issue 32, item 8: schema JSON (from a manifest, a Parquet footer, a CLI schema file) is read
 * exactly or refused: a decimal precision beyond an int was wrapped (10000000000 read as
 * 1410065408), a map with {@code int} keys became a map with string keys, {@code "nullable":"no"}
 * read as nullable.
 */
class SchemaJsonHostileTest {
    private static String decimal(String precision, String scale) {
        return "{\"fields\":[{\"name\":\"d\",\"type\":{\"type\":\"decimal\",\"precision\":" + precision + ",\"scale\":" + scale + "}}]}";
    }

    @Test
    void decimalPrecisionAndScale_mustBeIntegersInRange() {
        assertThatThrownBy(() -> Schema.fromJson(decimal("10000000000", "2"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("schema JSON: precision of the decimal at fields.d must be an integer, got 10000000000");
        assertThatThrownBy(() -> Schema.fromJson(decimal("10.5", "2"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("precision").hasMessageContaining("10.5");
        assertThatThrownBy(() -> Schema.fromJson(decimal("\"10\"", "2"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("precision");
        assertThatThrownBy(() -> Schema.fromJson("{\"fields\":[{\"name\":\"d\",\"type\":{\"type\":\"decimal\",\"precision\":10}}]}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("scale of the decimal at fields.d must be an integer, got nothing");
        assertThat(Schema.fromJson(decimal("10", "2")).fields().get(0).type()).isEqualTo(DataType.decimal(10, 2));
    }

    @Test
    void aMapWhoseKeysAreNotStrings_isRefused_notReadAsStringKeys() {
        String intKeys = "{\"fields\":[{\"name\":\"m\",\"type\":{\"type\":\"map\",\"keyType\":\"int\",\"valueType\":\"long\"}}]}";
        assertThatThrownBy(() -> Schema.fromJson(intKeys)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("map keys are strings; keyType \"int\"");
        Schema written = Schema.of(Field.optional("m", DataType.map(DataType.LONG)));
        assertThat(Schema.fromJson(written.toJson())).isEqualTo(written);
    }

    @Test
    void nullableMustBeABoolean() {
        assertThatThrownBy(() -> Schema.fromJson("{\"fields\":[{\"name\":\"a\",\"type\":\"long\",\"nullable\":\"no\"}]}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("\"nullable\" of fields.a must be true or false");
    }
}
