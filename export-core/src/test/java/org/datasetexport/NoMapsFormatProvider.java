package org.datasetexport;

import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Schema;
import org.datasetexport.spi.Format;
import org.datasetexport.spi.FormatProvider;
import org.datasetexport.spi.RecordWriter;

/** A format that cannot write maps, to test dataset eligibility. Never writes anything. */
public final class NoMapsFormatProvider implements FormatProvider {
    @Override
    public String name() {
        return "nomaps";
    }

    @Override
    public Format create(Map<String, String> options) {
        return new Format() {
            @Override
            public String name() {
                return "nomaps";
            }

            @Override
            public Set<Compression> supportedCompressions() {
                return Set.of(Compression.NONE);
            }

            @Override
            public String fileExtension(Compression compression) {
                return "nomaps";
            }

            @Override
            public Optional<String> unsupportedReason(Schema schema) {
                for (Field f : schema.fields()) {
                    if (f.type().kind() == DataType.Kind.MAP) {
                        return Optional.of("field \"" + f.name() + "\" is a map, which nomaps cannot write");
                    }
                }
                return Optional.empty();
            }

            @Override
            public RecordWriter open(Schema schema, OutputStream out, Compression compression) {
                throw new UnsupportedOperationException("nomaps writes nothing");
            }
        };
    }
}
