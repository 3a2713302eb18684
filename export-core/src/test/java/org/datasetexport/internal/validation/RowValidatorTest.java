package org.datasetexport.internal.validation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.datasetexport.RecordException;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.junit.jupiter.api.Test;

class RowValidatorTest {
    private static final Schema SCHEMA = Schema.of(
            Field.required("id", DataType.INT),
            Field.optional("price", DataType.decimal(6, 2)),
            Field.optional("items", DataType.array(DataType.struct(Field.required("sku", DataType.STRING)))),
            Field.optional("attrs", DataType.map(DataType.LONG)),
            Field.optional("day", DataType.DATE),
            Field.optional("at", DataType.TIMESTAMP),
            Field.optional("raw", DataType.BINARY));
    private final RowValidator validator = new RowValidator("ds", SCHEMA);

    private static Row row(Object... values) {
        return Row.of(values);
    }

    @Test
    void validate_matchingRowWithNullsWhereAllowed_passes() {
        assertThatCode(() -> validator.validate(row(1, new BigDecimal("1234.50"), Arrays.asList(Row.of("a"), null),
                Map.of("k", 1L), LocalDate.of(2026, 1, 1), Instant.EPOCH, new byte[] {1}), 0)).doesNotThrowAnyException();
        assertThatCode(() -> validator.validate(row(1, null, null, null, null, null, null), 0)).doesNotThrowAnyException();
    }

    @Test
    void validate_wrongTypeInArrayOfStructs_namesTheElementPath() {
        assertThatThrownBy(() -> validator.validate(row(1, null, List.of(Row.of("a"), Row.of(7)), null, null, null, null), 42))
                .isInstanceOf(RecordException.class)
                .hasMessage("Dataset \"ds\", row 42, field \"items[1].sku\": expected string but got java.lang.Integer");
    }

    @Test
    void validate_nullInRequiredField_isRejected() {
        assertThatThrownBy(() -> validator.validate(row(1, null, List.of(Row.of((Object) null)), null, null, null, null), 3))
                .hasMessage("Dataset \"ds\", row 3, field \"items[0].sku\": expected non-null string but got null");
    }

    @Test
    void validate_wrongMapValue_namesTheKey() {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("colour", "red");
        assertThatThrownBy(() -> validator.validate(row(1, null, null, attrs, null, null, null), 0))
                .hasMessage("Dataset \"ds\", row 0, field \"attrs['colour']\": expected long but got java.lang.String");
    }

    @Test
    void validate_decimalThatWouldNeedRounding_isRejected() {
        assertThatThrownBy(() -> validator.validate(row(1, new BigDecimal("1.234"), null, null, null, null, null), 0))
                .hasMessageContaining("field \"price\": expected decimal(6,2) but got decimal 1.234 with 3 fraction digits");
        assertThatThrownBy(() -> validator.validate(row(1, new BigDecimal("12345.6"), null, null, null, null, null), 0))
                .hasMessageContaining("expected decimal(6,2) but got decimal 12345.6 with 5 integer digits");
        assertThatCode(() -> validator.validate(row(1, new BigDecimal("1.2000"), null, null, null, null, null), 0))
                .doesNotThrowAnyException();
    }

    @Test
    void validate_wrongArity_isRejected() {
        assertThatThrownBy(() -> validator.validate(row(1, null), 9)).isInstanceOf(RecordException.class)
                .hasMessageStartingWith("Dataset \"ds\", row 9: expected 7 values");
    }

    @Test
    void validate_longWhereIntExpected_isRejected() {
        assertThatThrownBy(() -> validator.validate(row(1L, null, null, null, null, null, null), 0))
                .hasMessage("Dataset \"ds\", row 0, field \"id\": expected int but got java.lang.Long");
    }
}
