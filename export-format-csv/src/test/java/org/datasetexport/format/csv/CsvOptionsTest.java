package org.datasetexport.format.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.datasetexport.ConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * Issue 32, item 8: CSV options that would write files nobody can read back are refused where they
 * are set — a NUL (or other control) delimiter or quote, and a timestamp pattern that loses part of
 * the timestamp ({@code yyyy} kept only the year; the reader could not get the rows back).
 */
class CsvOptionsTest {
    @Test
    void controlCharacterDelimiterOrQuote_isRefused_tabIsNot() {
        assertThatThrownBy(() -> CsvFormat.builder().delimiter('\0').build()).isInstanceOf(ConfigurationException.class)
                .hasMessage("CSV delimiter cannot be a control character other than tab, got U+0000");
        assertThatThrownBy(() -> CsvFormat.builder().quote('\u0001').build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CSV quote cannot be a control character");
        assertThatThrownBy(() -> CsvFormatProvider.fromOptions(Map.of("delimiter", "\u001f"))).isInstanceOf(ConfigurationException.class);
        assertThat(CsvFormat.builder().delimiter('\t').build()).isNotNull();
    }

    @Test
    void aTimestampPatternThatCannotReadBackToTheSecond_isRefused() {
        for (String lossy : new String[] {"yyyy", "HH:mm:ss", "yyyy-MM-dd", "yyyy-MM-dd HH:mm"}) {
            assertThatThrownBy(() -> CsvFormatProvider.fromOptions(Map.of("dateTimeFormat", lossy)))
                    .as(lossy).isInstanceOf(ConfigurationException.class).hasMessageContaining("CSV dateTimeFormat \"" + lossy + "\"");
        }
        assertThatThrownBy(() -> CsvFormatProvider.fromOptions(Map.of("dateTimeFormat", "yyyy-dd-dd HH:mm:ss")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("dateTimeFormat");
        assertThat(CsvFormatProvider.fromOptions(Map.of("dateTimeFormat", "yyyy-MM-dd HH:mm:ss"))).isNotNull();
        assertThat(CsvFormatProvider.fromOptions(Map.of("dateTimeFormat", "dd/MM/uuuu HH:mm:ss.SSS"))).isNotNull();
    }
}
