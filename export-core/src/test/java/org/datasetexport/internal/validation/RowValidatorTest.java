package org.datasetexport.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;
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

    /**
     * Valid rows are checked without building any path; an invalid one is walked a second time with
     * paths to name the field. A list whose content changes between the two walks (a caller
     * mutating a row while it is exported) still fails, as a RecordException, never passes.
     */
    @Test
    void validate_aListThatChangesBetweenTheTwoPasses_stillFails() {
        java.util.concurrent.atomic.AtomicInteger walks = new java.util.concurrent.atomic.AtomicInteger();
        List<Row> shifting = new java.util.AbstractList<>() {
            @Override
            public Row get(int index) {
                return walks.get() == 0 ? Row.of(7) : Row.of("ok");
            }

            @Override
            public int size() {
                return 1;
            }

            @Override
            public java.util.Iterator<Row> iterator() {
                Row r = get(0);
                walks.incrementAndGet();
                return List.of(r).iterator();
            }
        };
        assertThatThrownBy(() -> validator.validate(row(1, null, shifting, null, null, null, null), 5))
                .isInstanceOf(RecordException.class).hasMessageContaining("row 5").hasMessageContaining("values that changed");
        assertThat(walks.get()).isEqualTo(2);
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
                .hasMessageContaining("field \"price\": expected decimal(6,2) but got a decimal with 3 fraction digits")
                .message().doesNotContain("1.234"); // issue 16: values may be personal data, they stay out of messages
        assertThatThrownBy(() -> validator.validate(row(1, new BigDecimal("12345.6"), null, null, null, null, null), 0))
                .hasMessageContaining("expected decimal(6,2) but got a decimal with 5 integer digits");
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

    // ---- issue 16: values a format cannot hold fail here, naming the row and field ----

    @Test
    void validate_loneSurrogates_areRejectedButPairsPass() {
        Schema text = Schema.of(Field.optional("s", DataType.STRING));
        RowValidator v = new RowValidator("ds", text);
        for (String bad : List.of("a\uD800", "\uDC00b", "x\uD800y\uDC00")) {
            assertThatThrownBy(() -> v.validate(row(bad), 7)).isInstanceOf(RecordException.class)
                    .hasMessageContaining("row 7, field \"s\"").hasMessageContaining("lone surrogate");
        }
        assertThatCode(() -> v.validate(row("emoji \uD83D\uDE00 ok"), 0)).doesNotThrowAnyException();
    }

    /** Issue 32: a map key is text too; a lone surrogate in one wrote a JSON file the SDK could not read and a '?' in Parquet. */
    @Test
    void validate_loneSurrogatesInMapKeys_areRejectedNamingTheMap() {
        Schema attrs = Schema.of(Field.optional("m", DataType.map(DataType.STRING)));
        RowValidator v = new RowValidator("ds", attrs);
        assertThatThrownBy(() -> v.validate(Row.of(java.util.Map.of("k\uD800", "v")), 4)).isInstanceOf(RecordException.class)
                .hasMessageContaining("row 4, field \"m (key)\"").hasMessageContaining("lone surrogate at index 1");
        assertThatCode(() -> v.validate(Row.of(java.util.Map.of("k\uD83D\uDE00", "v")), 0)).doesNotThrowAnyException();
    }

    @Test
    void validate_instantsAndDatesBeyondWhatFormatsStore_areRejected() {
        assertThatThrownBy(() -> validator.validate(row(1, null, null, null, null, Instant.MAX, null), 3))
                .isInstanceOf(RecordException.class).hasMessageContaining("field \"at\"").hasMessageContaining("outside that range");
        assertThatThrownBy(() -> validator.validate(row(1, null, null, null, null, Instant.MIN, null), 3))
                .isInstanceOf(RecordException.class);
        assertThatThrownBy(() -> validator.validate(row(1, null, null, null, LocalDate.MAX, null, null), 3))
                .isInstanceOf(RecordException.class).hasMessageContaining("field \"day\"");
        assertThatCode(() -> validator.validate(row(1, null, null, null, LocalDate.of(-9999, 1, 1),
                RowValidator.MAX_TIMESTAMP, null), 0)).doesNotThrowAnyException();
        assertThatCode(() -> validator.validate(row(1, null, null, null, null, RowValidator.MIN_TIMESTAMP, null), 0))
                .doesNotThrowAnyException();
    }

    @Test
    void validate_mapKeyWithNewline_cannotForgeALogLine() {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("evil\n[main] INFO forged 'line'", "not a long");
        assertThatThrownBy(() -> validator.validate(row(1, null, null, attrs, null, null, null), 0))
                .isInstanceOf(RecordException.class)
                .hasMessageContaining("field \"attrs['evil\\u000a[main] INFO forged \\'line\\'']\"")
                .message().doesNotContain("\n");
    }
}
