package org.datasetexport.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.ConfigurationException;
import org.junit.jupiter.api.Test;

class SchemaTest {
    private static final Schema NESTED = Schema.builder()
            .required("id", DataType.LONG)
            .optional("amount", DataType.decimal(18, 4))
            .optional("tags", DataType.array(DataType.STRING))
            .optional("attrs", DataType.map(DataType.array(DataType.INT)))
            .optional("user", DataType.struct(Field.required("name", DataType.STRING),
                    Field.optional("geo", DataType.struct(Field.optional("lat", DataType.DOUBLE)))))
            .build();

    @Test
    void toJson_fromJson_roundTripsEveryType() {
        assertThat(Schema.fromJson(NESTED.toJson())).isEqualTo(NESTED);
    }

    @Test
    void toJson_usesTheDocumentedForm() {
        assertThat(Schema.of(Field.required("id", DataType.LONG), Field.optional("d", DataType.decimal(10, 2))).toJson())
                .isEqualTo("{\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":false},"
                        + "{\"name\":\"d\",\"type\":{\"type\":\"decimal\",\"precision\":10,\"scale\":2},\"nullable\":true}]}");
    }

    @Test
    void of_duplicateName_isRejected() {
        assertThatThrownBy(() -> Schema.of(Field.required("a", DataType.INT), Field.optional("a", DataType.LONG)))
                .isInstanceOf(ConfigurationException.class).hasMessage("field name \"a\" appears twice");
    }

    @Test
    void decimal_outOfRange_isRejected() {
        assertThatThrownBy(() -> DataType.decimal(39, 0)).hasMessage("decimal precision must be 1 to 38, got 39");
        assertThatThrownBy(() -> DataType.decimal(5, 6)).hasMessage("decimal scale must be 0 to precision (5), got 6");
    }

    @Test
    void fromJson_unknownType_namesItAndWhere() {
        assertThatThrownBy(() -> Schema.fromJson("{\"fields\":[{\"name\":\"x\",\"type\":\"uuid\"}]}"))
                .isInstanceOf(ConfigurationException.class).hasMessage("schema JSON: unknown type \"uuid\" at fields.x");
    }
}
