package org.datasetexport.format.parquet.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
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
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.Row;
import org.datasetexport.data.RowReader;
import org.datasetexport.data.Schema;
import org.datasetexport.data.StructType;
import org.datasetexport.files.FileSource;
import org.datasetexport.format.parquet.RowWriteSupport;

/** Streams the rows of one Parquet file, one row group at a time; also reads or derives a file's schema. */
public final class ParquetFileRows implements RowReader {
    private final FileSource.LocalCopy copy;
    private final String name;
    private final Schema schema;
    private final ParquetFileReader reader;
    private final MessageType fileSchema;
    private final MessageColumnIO columnIO;
    private RecordReader<Group> records;
    private long leftInGroup;
    private long rowNumber = -1;
    private boolean closed;

    /**
     * @param copy the local file (deleted on close when temporary)
     * @param name the file's path, for messages
     * @param schema the dataset schema the file must have
     * @throws IOException when the file is not readable Parquet
     */
    public ParquetFileRows(FileSource.LocalCopy copy, String name, Schema schema) throws IOException {
        this.copy = copy;
        this.name = name;
        this.schema = schema;
        this.reader = ParquetFileReader.open(new LocalInputFile(copy.path()));
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
    }

    /**
     * @param path a local Parquet file
     * @param name its name for messages
     * @return the schema stored by this SDK in the footer, or the one derived from the Parquet types
     * @throws IOException when the file is not readable Parquet
     */
    public static Schema schema(Path path, String name) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(path))) {
            return schema(r, name);
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
                Type element = threeLevel(repeated) ? repeated.asGroupType().getType(0) : repeated;
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

    /** The standard list layout ({@code repeated group list { element }}) rather than a legacy two-level one. */
    private static boolean threeLevel(Type repeated) {
        return !repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1
                && (repeated.getName().equals("list") || repeated.asGroupType().getType(0).getName().equals("element"));
    }

    @Override
    public boolean hasNext() {
        try {
            while (leftInGroup == 0) {
                PageReadStore pages = reader.readNextRowGroup();
                if (pages == null) {
                    return false;
                }
                leftInGroup = pages.getRowCount();
                records = columnIO.getRecordReader(pages, new GroupRecordConverter(fileSchema));
            }
            return true;
        } catch (IOException e) {
            throw new ExportException("Parquet file " + name + ": reading after row " + rowNumber + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Group g = records.read();
        leftInGroup--;
        rowNumber++;
        return row(g, schema.fields(), "");
    }

    private Row row(Group g, List<Field> fields, String path) {
        Object[] values = new Object[fields.size()];
        GroupType type = g.getType();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            String fieldPath = path + f.name();
            if (!type.containsField(f.name())) {
                throw new ExportException("Parquet file " + name + ", row " + (rowNumber) + ": no field \"" + fieldPath + "\"");
            }
            int index = type.getFieldIndex(f.name());
            Type child = type.getType(index);
            if (child.isRepetition(Type.Repetition.REPEATED)) {
                List<Object> list = new ArrayList<>();
                for (int j = 0; j < g.getFieldRepetitionCount(index); j++) {
                    list.add(value(g, index, j, child, ((ArrayType) f.type()).elementType(), fieldPath));
                }
                values[i] = list;
            } else {
                values[i] = g.getFieldRepetitionCount(index) == 0 ? null : value(g, index, 0, child, f.type(), fieldPath);
            }
        }
        return Row.of(values);
    }

    private Object value(Group g, int index, int repetition, Type ptype, DataType type, String path) {
        switch (type.kind()) {
            case STRUCT:
                return row(g.getGroup(index, repetition), ((StructType) type).fields(), path + ".");
            case ARRAY: {
                Group list = g.getGroup(index, repetition);
                DataType elementType = ((ArrayType) type).elementType();
                List<Object> out = new ArrayList<>();
                if (list.getType().getFieldCount() == 0) {
                    return out;
                }
                Type repeated = list.getType().getType(0);
                boolean wrapped = threeLevel(repeated);
                for (int j = 0; j < list.getFieldRepetitionCount(0); j++) {
                    if (wrapped) {
                        Group element = list.getGroup(0, j);
                        out.add(element.getFieldRepetitionCount(0) == 0 ? null
                                : value(element, 0, 0, repeated.asGroupType().getType(0), elementType, path + "[" + j + "]"));
                    } else {
                        out.add(value(list, 0, j, repeated, elementType, path + "[" + j + "]"));
                    }
                }
                return out;
            }
            case MAP: {
                Group map = g.getGroup(index, repetition);
                DataType valueType = ((MapType) type).valueType();
                Map<String, Object> out = new LinkedHashMap<>();
                if (map.getType().getFieldCount() == 0) {
                    return out;
                }
                GroupType kv = map.getType().getType(0).asGroupType();
                for (int j = 0; j < map.getFieldRepetitionCount(0); j++) {
                    Group entry = map.getGroup(0, j);
                    String key = entry.getString(0, 0);
                    out.put(key, entry.getFieldRepetitionCount(1) == 0 ? null
                            : value(entry, 1, 0, kv.getType(1), valueType, path + "['" + key + "']"));
                }
                return out;
            }
            default:
                return primitive(g, index, repetition, ptype.asPrimitiveType(), type, path);
        }
    }

    private Object primitive(Group g, int index, int r, PrimitiveType p, DataType type, String path) {
        try {
            return switch (type.kind()) {
                case STRING -> g.getBinary(index, r).toStringUsingUTF8();
                case BOOLEAN -> g.getBoolean(index, r);
                case INT -> g.getInteger(index, r);
                case LONG -> p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32 ? (long) g.getInteger(index, r) : g.getLong(index, r);
                case FLOAT -> g.getFloat(index, r);
                case DOUBLE -> p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT ? (double) g.getFloat(index, r) : g.getDouble(index, r);
                case DATE -> LocalDate.ofEpochDay(g.getInteger(index, r));
                case TIMESTAMP -> timestamp(g.getLong(index, r), p);
                case BINARY -> g.getBinary(index, r).getBytes();
                case DECIMAL -> {
                    int scale = ((DecimalType) type).scale();
                    yield switch (p.getPrimitiveTypeName()) {
                        case INT32 -> BigDecimal.valueOf(g.getInteger(index, r), scale);
                        case INT64 -> BigDecimal.valueOf(g.getLong(index, r), scale);
                        default -> new BigDecimal(new BigInteger(g.getBinary(index, r).getBytes()), scale);
                    };
                }
                default -> throw new IllegalStateException("unhandled kind " + type.kind());
            };
        } catch (ClassCastException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new ExportException("Parquet file " + name + ", row " + rowNumber + ", field \"" + path + "\": the file's type "
                    + p + " cannot be read as " + type + " of the dataset schema", e);
        }
    }

    private static Instant timestamp(long value, PrimitiveType p) {
        LogicalTypeAnnotation.TimeUnit unit = p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
                ? ts.getUnit() : LogicalTypeAnnotation.TimeUnit.MICROS;
        return switch (unit) {
            case MILLIS -> Instant.ofEpochMilli(value);
            case MICROS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        };
    }

    @Override
    public long rowNumber() {
        return rowNumber;
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
