package org.datasetexport.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.Set;
import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.data.Schema;

/**
 * A file format: how rows become bytes. Implementations are immutable and thread-safe; each
 * {@link #open} returns a writer for one file.
 */
public interface Format {

    /** @return the format name, lower-case, as used by {@code format(String)} ({@code json}, {@code parquet}) */
    String name();

    /** @return the compressions this format can write */
    Set<Compression> supportedCompressions();

    /**
     * @param compression a compression
     * @return whether this format can write it
     */
    default boolean supports(Compression compression) {
        return supportedCompressions().contains(compression);
    }

    /**
     * @param compression a compression
     * @return it, when this format can write it
     * @throws ConfigurationException when null or not supported, naming the ones that are
     */
    default Compression requireSupported(Compression compression) {
        ConfigurationException.requireNonNull(compression, "compression");
        ConfigurationException.check(supports(compression), "format \"%s\" does not support compression %s; allowed: %s", name(),
                compression, supportedCompressions().stream().sorted().toList());
        return compression;
    }

    /**
     * Whether this format can write a schema. The default accepts every schema.
     *
     * @param schema a dataset schema
     * @return empty when the schema can be written, otherwise the reason (naming the field)
     */
    default Optional<String> unsupportedReason(Schema schema) {
        return Optional.empty();
    }

    /**
     * @param compression one of {@link #supportedCompressions()}
     * @return the file name extension without the leading dot ({@code json.gz}, {@code snappy.parquet})
     */
    String fileExtension(Compression compression);

    /**
     * @param schema the schema every row matches
     * @param out the file's byte stream; the writer may close it when it is closed
     * @param compression one of {@link #supportedCompressions()}
     * @return a writer for one file
     * @throws IOException when the header cannot be written
     */
    RecordWriter open(Schema schema, OutputStream out, Compression compression) throws IOException;
}
