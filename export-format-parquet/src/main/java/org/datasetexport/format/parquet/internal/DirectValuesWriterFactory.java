package org.datasetexport.format.parquet.internal;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.fallback.FallbackValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * parquet-mr's default values writers, except that dictionary-encoded BINARY columns of a
 * version 1 file get {@link StringDictionaryWriter} (same dictionary, same fall-back to
 * {@link PlainValuesWriter}, same encodings as {@code DefaultV1ValuesWriterFactory}).
 */
final class DirectValuesWriterFactory implements ValuesWriterFactory {
    private final ValuesWriterFactory standard = new DefaultValuesWriterFactory();
    private ParquetProperties properties;

    @Override
    public void initialize(ParquetProperties properties) {
        this.properties = properties;
        standard.initialize(properties);
    }

    @Override
    public ValuesWriter newValuesWriter(ColumnDescriptor column) {
        if (column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                && properties.getWriterVersion() == WriterVersion.PARQUET_1_0
                && properties.isDictionaryEnabled(column)) {
            return FallbackValuesWriter.of(
                    new StringDictionaryWriter(properties.getDictionaryPageSizeThreshold(),
                            Encoding.PLAIN_DICTIONARY, Encoding.PLAIN_DICTIONARY, properties.getAllocator()),
                    new PlainValuesWriter(properties.getInitialSlabSize(), properties.getPageSizeThreshold(),
                            properties.getAllocator()));
        }
        return standard.newValuesWriter(column);
    }
}
