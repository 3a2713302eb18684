package org.datasetexport.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.Set;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.data.Schema;
import org.datasetexport.spi.CompressionStreams;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.RecordWriter;

/**
 * JSON Lines: one JSON object per row, one row per line ({@code \n}), UTF-8, written with
 * Jackson's streaming {@link JsonGenerator}. Whole-file compression {@code NONE} ({@code .json}),
 * {@code GZIP} ({@code .json.gz}) or {@code ZSTD} ({@code .json.zst}).
 *
 * <p>Value mapping, driven by the schema:
 * <ul>
 *   <li>STRING, BOOLEAN, INT, LONG, DOUBLE, FLOAT: JSON strings, booleans and numbers. NaN and
 *       infinities, which JSON numbers cannot hold, are written as the strings {@code "NaN"},
 *       {@code "Infinity"}, {@code "-Infinity"}.</li>
 *   <li>DECIMAL: a JSON number in plain notation with exactly the type's scale ({@code 12.50}
 *       for {@code decimal(10,2)}), never in exponent form.</li>
 *   <li>DATE: {@code "yyyy-MM-dd"}; TIMESTAMP: ISO-8601 UTC with six fraction digits
 *       ({@code "2026-11-28T09:00:00.123456Z"}); BINARY: base64 (RFC 4648, with padding).</li>
 *   <li>STRUCT and MAP: JSON objects; ARRAY: JSON arrays.</li>
 *   <li>Null: written as {@code null}, the key kept, so every line has every field of the
 *       schema and readers infer the same columns from any line.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class JsonLinesFormat implements Format {
    /** The provider name. */
    public static final String NAME = "json";

    private static final Set<Compression> SUPPORTED = EnumSet.of(Compression.NONE, Compression.GZIP, Compression.ZSTD);
    private static final JsonLinesFormat INSTANCE = new JsonLinesFormat();

    private final JsonFactory factory = new JsonFactoryBuilder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .rootValueSeparator((String) null)
            .build();

    private JsonLinesFormat() {
    }

    /** @return the JSON Lines format (it has no settings) */
    public static JsonLinesFormat create() {
        return INSTANCE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Compression> supportedCompressions() {
        return SUPPORTED;
    }

    @Override
    public String fileExtension(Compression compression) {
        switch (requireSupported(compression)) {
            case GZIP:
                return "json.gz";
            case ZSTD:
                return "json.zst";
            default:
                return "json";
        }
    }

    @Override
    public RecordWriter open(Schema schema, OutputStream out, Compression compression) throws IOException {
        ConfigurationException.requireNonNull(schema, "schema");
        ConfigurationException.requireNonNull(out, "out");
        OutputStream target = CompressionStreams.wrap(out, requireSupported(compression));
        return new JsonLinesWriter(schema, factory.createGenerator(target), target);
    }

    @Override
    public String toString() {
        return "JsonLinesFormat";
    }
}
