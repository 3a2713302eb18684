package org.datasetexport.format.json;

import java.util.Map;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.FormatProvider;

/** The {@link java.util.ServiceLoader} entry for {@code format("json")}. Takes no options. */
public final class JsonLinesFormatProvider implements FormatProvider {

    /** Needed by {@link java.util.ServiceLoader}. */
    public JsonLinesFormatProvider() {
    }

    @Override
    public String name() {
        return JsonLinesFormat.NAME;
    }

    @Override
    public Format create(Map<String, String> options) {
        ConfigurationException.check(options.isEmpty(), "format \"json\" takes no options, got %s", options.keySet());
        return JsonLinesFormat.create();
    }
}
