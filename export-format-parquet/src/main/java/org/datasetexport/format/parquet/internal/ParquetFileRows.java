package org.datasetexport.format.parquet.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportException;
import org.datasetexport.data.AbstractRowReader;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.files.FilePart;
import org.datasetexport.files.FileSource;
import org.datasetexport.format.parquet.RowWriteSupport;

/** Streams the rows of one Parquet file, one row group at a time; also reads or derives a file's schema. */
public final class ParquetFileRows extends AbstractRowReader {
    private final FileSource.LocalCopy copy;
    private final String name;
    private final ParquetFileReader reader;
    private final MessageType fileSchema;
    private final MessageColumnIO columnIO;
    private final RowMaterializer materializer;
    private RecordReader<Row> records;
    private long groupsLeft;
    private long leftInGroup;
    private boolean closed;

    /**
     * @param copy the local file (deleted on close when temporary)
     * @param name the file's path, for messages
     * @param schema the dataset schema the file must have
     * @param part the row groups to read ({@code from} inclusive, {@code to} exclusive), or the whole file
     * @throws IOException when the file is not readable Parquet
     */
    public ParquetFileRows(FileSource.LocalCopy copy, String name, Schema schema, FilePart part) throws IOException {
        this.copy = copy;
        this.name = name;
        this.reader = open(copy.path(), name);
        try {
            Schema own = schema(reader, name);
            if (!own.equals(schema)) {
                throw new ExportException("Parquet file " + name + " has a different schema than the dataset: "
                        + own.fields() + " instead of " + schema.fields());
            }
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        this.fileSchema = reader.getFileMetaData().getSchema();
        this.columnIO = new ColumnIOFactory().getColumnIO(fileSchema);
        this.materializer = new RowMaterializer(fileSchema, schema.fields(), name);
        this.groupsLeft = part.to() - part.from();
        for (long skip = 0; skip < part.from(); skip++) {
            if (!reader.skipNextRowGroup()) {
                break;
            }
        }
    }

    /**
     * @param path a local Parquet file
     * @param name its name for messages
     * @return the schema stored by this SDK in the footer, or the one derived from the Parquet types
     * @throws IOException when the file is not readable Parquet
     */
    public static Schema schema(Path path, String name) throws IOException {
        try (ParquetFileReader r = open(path, name)) {
            return schema(r, name);
        }
    }

    /**
     * @param path a local Parquet file
     * @return how many row groups it has
     * @throws IOException when the file is not readable Parquet
     */
    public static int rowGroups(Path path) throws IOException {
        try (ParquetFileReader r = open(path, path.getFileName().toString())) {
            return r.getRowGroups().size();
        }
    }

    /** parquet-mr reports a corrupt footer with bare RuntimeExceptions; name the file instead. */
    private static ParquetFileReader open(Path path, String name) throws IOException {
        try {
            // pages decompressed without Hadoop's CodecPool (see JavaCodecs)
            return ParquetFileReader.open(new LocalInputFile(path), ParquetReadOptions.builder(new PlainParquetConfiguration())
                    .withCodecFactory(new JavaCodecs(ParquetProperties.DEFAULT_PAGE_SIZE)).build());
        } catch (RuntimeException e) {
            throw new ExportException("Parquet file " + name + " is not readable Parquet (corrupt or truncated footer): "
                    + e.getMessage(), e);
        }
    }

    private static Schema schema(ParquetFileReader r, String name) {
        String json = r.getFileMetaData().getKeyValueMetaData().get(RowWriteSupport.SCHEMA_METADATA_KEY);
        if (json != null) {
            return Schema.fromJson(json);
        }
        List<Field> fields = new ArrayList<>();
        for (Type t : r.getFileMetaData().getSchema().getFields()) {
            fields.add(field(t, name));
        }
        return Schema.of(fields);
    }

    private static Field field(Type t, String file) {
        DataType type = t.isRepetition(Type.Repetition.REPEATED) ? DataType.array(type(t, file, t.getName())) : type(t, file, t.getName());
        return t.isRepetition(Type.Repetition.REQUIRED) || t.isRepetition(Type.Repetition.REPEATED)
                ? Field.required(t.getName(), type) : Field.optional(t.getName(), type);
    }

    private static DataType type(Type t, String file, String path) {
        LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
        if (!t.isPrimitive()) {
            GroupType g = t.asGroupType();
            if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && g.getFieldCount() == 1) {
                Type repeated = g.getType(0);
                Type element = RowMaterializer.threeLevel(repeated) ? repeated.asGroupType().getType(0) : repeated;
                return DataType.array(type(element, file, path + "[]"));
            }
            if ((logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                    || logical instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) && g.getFieldCount() == 1) {
                GroupType kv = g.getType(0).asGroupType();
                ConfigurationException.check(kv.getFieldCount() == 2 && type(kv.getType(0), file, path).equals(DataType.STRING),
                        "Parquet file %s, field \"%s\": only maps with string keys have a dataset type", file, path);
                return DataType.map(type(kv.getType(1), file, path + "{}"));
            }
            List<Field> fields = new ArrayList<>();
            for (Type child : g.getFields()) {
                fields.add(field(child, file));
            }
            return DataType.struct(fields.toArray(Field[]::new));
        }
        PrimitiveType p = t.asPrimitiveType();
        if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
            return DataType.STRING;
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return DataType.DATE;
        }
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
            return DataType.TIMESTAMP;
        }
        if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned()) {
            // unsigned integers get the smallest type that holds every value exactly
            return switch (i.getBitWidth()) {
                case 8, 16 -> DataType.INT;
                case 32 -> DataType.LONG;
                default -> DataType.decimal(20, 0);
            };
        }
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            ConfigurationException.check(d.getPrecision() <= DecimalType.MAX_PRECISION,
                    "Parquet file %s, field \"%s\": decimal precision %d is above %d", file, path, d.getPrecision(), DecimalType.MAX_PRECISION);
            return DataType.decimal(d.getPrecision(), d.getScale());
        }
        return switch (p.getPrimitiveTypeName()) {
            case BOOLEAN -> DataType.BOOLEAN;
            case INT32 -> DataType.INT;
            case INT64 -> DataType.LONG;
            case FLOAT -> DataType.FLOAT;
            case DOUBLE -> DataType.DOUBLE;
            case BINARY, FIXED_LEN_BYTE_ARRAY -> DataType.BINARY;
            case INT96 -> throw new ConfigurationException("Parquet file " + file + ", field \"" + path
                    + "\": INT96 timestamps are not supported; rewrite them as TIMESTAMP(MICROS)");
        };
    }

    @Override
    protected Row fetch() {
        try {
            while (leftInGroup == 0) {
                PageReadStore pages = groupsLeft > 0 ? reader.readNextRowGroup() : null;
                if (pages == null) {
                    return null;
                }
                groupsLeft--;
                leftInGroup = pages.getRowCount();
                records = columnIO.getRecordReader(pages, materializer);
            }
        } catch (IOException | RuntimeException e) {
            throw new ExportException("Parquet file " + name + ": reading after row " + rowNumber() + " failed: " + e.getMessage(), e);
        }
        leftInGroup--;
        try {
            return records.read();
        } catch (ExportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExportException("Parquet file " + name + ": row " + (rowNumber() + 1) + " is not readable (corrupt page): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (FileSource.LocalCopy c = copy; ParquetFileReader r = reader) {
            // both closed by try-with-resources
        } catch (IOException e) {
            throw new ExportException("Parquet file " + name + ": closing failed: " + e.getMessage(), e);
        }
    }
}
