package org.datasetexport;

import java.util.Map;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.FormatProvider;

/** Registers {@link TextLinesFormat} as {@code format("text")} for core's tests (persisted flows resolve formats by name). */
public final class TextLinesFormatProvider implements FormatProvider {
    @Override
    public String name() {
        return "text";
    }

    @Override
    public Format create(Map<String, String> options) {
        return new TextLinesFormat();
    }
}
