package org.datasetexport.format.parquet.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.datasetexport.ExportException;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.Row;
import org.datasetexport.data.StructType;

/**
 * Builds {@link Row}s straight from parquet-mr's converter callbacks, walking the file's Parquet
 * schema and the dataset schema together (no intermediate record objects). Handles the standard
 * three-level lists, legacy two-level lists and repeated fields, and maps with string keys.
 */
final class RowMaterializer extends RecordMaterializer<Row> {
    private final StructConverter root;
    private Row current;

    RowMaterializer(MessageType fileSchema, List<Field> fields, String file) {
        this.root = new StructConverter(fileSchema, fields, file, "", row -> current = row);
    }

    @Override
    public Row getCurrentRecord() {
        return current;
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    /** The standard list layout ({@code repeated group list { element }}) rather than a legacy two-level one. */
    static boolean threeLevel(Type repeated) {
        return !repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1
                && (repeated.getName().equals("list") || repeated.asGroupType().getType(0).getName().equals("element"));
    }

    private static Converter converter(Type type, DataType dataType, String file, String path, Consumer<Object> setter) {
        return switch (dataType.kind()) {
            case STRUCT -> new StructConverter(type.asGroupType(), ((StructType) dataType).fields(), file, path + ".",
                    row -> setter.accept(row));
            case ARRAY -> new ListConverter(type.asGroupType(), ((ArrayType) dataType).elementType(), file, path, setter);
            case MAP -> new MapConverter(type.asGroupType(), ((MapType) dataType).valueType(), file, path, setter);
            default -> primitive(type, dataType, file, path, setter);
        };
    }

    /** A struct (or the message): one slot per dataset field, found in the file by name. */
    private static final class StructConverter extends GroupConverter {
        private final Converter[] converters;
        private final boolean[] repeated;
        private final int size;
        private final Consumer<Row> done;
        private Object[] values;

        StructConverter(GroupType group, List<Field> fields, String file, String path, Consumer<Row> done) {
            this.size = fields.size();
            this.done = done;
            this.converters = new Converter[group.getFieldCount()];
            this.repeated = new boolean[size];
            for (int i = 0; i < size; i++) {
                Field f = fields.get(i);
                if (!group.containsField(f.name())) {
                    throw new ExportException("Parquet file " + file + ": no field \"" + path + f.name() + "\"");
                }
                int index = group.getFieldIndex(f.name());
                Type child = group.getType(index);
                int slot = i;
                if (child.isRepetition(Type.Repetition.REPEATED)) {
                    // a bare repeated field is a list of its elements (legacy layout)
                    repeated[slot] = true;
                    DataType element = ((ArrayType) f.type()).elementType();
                    converters[index] = converter(child, element, file, path + f.name() + "[]",
                            v -> ((List<Object>) values[slot]).add(v));
                } else {
                    converters[index] = converter(child, f.type(), file, path + f.name(), v -> values[slot] = v);
                }
            }
            for (int index = 0; index < converters.length; index++) {
                if (converters[index] == null) {
                    // the file's schema was checked equal to the dataset's, so this means a bug, not bad input
                    throw new IllegalStateException("Parquet file " + file + ": column \"" + path + group.getType(index).getName()
                            + "\" is not in the dataset schema");
                }
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return converters[fieldIndex];
        }

        @Override
        public void start() {
            values = new Object[size];
            for (int i = 0; i < size; i++) {
                if (repeated[i]) {
                    values[i] = new ArrayList<>();
                }
            }
        }

        @Override
        public void end() {
            done.accept(Row.wrap(values)); // start() makes a fresh array for every record
        }
    }

    /** A LIST-annotated group: collects its elements. */
    private static final class ListConverter extends GroupConverter {
        private final Converter child;
        private final Consumer<Object> setter;
        private List<Object> list;

        ListConverter(GroupType group, DataType elementType, String file, String path, Consumer<Object> setter) {
            this.setter = setter;
            Type repeated = group.getType(0);
            if (threeLevel(repeated)) {
                this.child = new ElementConverter(repeated.asGroupType(), elementType, file, path, v -> list.add(v));
            } else {
                this.child = converter(repeated, elementType, file, path + "[]", v -> list.add(v));
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return child;
        }

        @Override
        public void start() {
            list = new ArrayList<>();
        }

        @Override
        public void end() {
            setter.accept(list);
        }
    }

    /** The repeated middle group of a three-level list: one element, null when its field is absent. */
    private static final class ElementConverter extends GroupConverter {
        private final Converter element;
        private final Consumer<Object> add;
        private Object value;

        ElementConverter(GroupType repeated, DataType elementType, String file, String path, Consumer<Object> add) {
            this.add = add;
            this.element = converter(repeated.getType(0), elementType, file, path + "[]", v -> value = v);
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return element;
        }

        @Override
        public void start() {
            value = null;
        }

        @Override
        public void end() {
            add.accept(value);
        }
    }

    /** A MAP-annotated group with string keys. */
    private static final class MapConverter extends GroupConverter {
        private final GroupConverter entries;
        private final Consumer<Object> setter;
        private Map<String, Object> map;
        private String key;
        private Object value;

        MapConverter(GroupType group, DataType valueType, String file, String path, Consumer<Object> setter) {
            this.setter = setter;
            GroupType kv = group.getType(0).asGroupType();
            Converter keys = primitive(kv.getType(0), DataType.STRING, file, path + "{key}", k -> key = (String) k);
            Converter values = converter(kv.getType(1), valueType, file, path + "{value}", v -> value = v);
            this.entries = new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return fieldIndex == 0 ? keys : values;
                }

                @Override
                public void start() {
                    key = null;
                    value = null;
                }

                @Override
                public void end() {
                    map.put(key, value);
                }
            };
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return entries;
        }

        @Override
        public void start() {
            map = new LinkedHashMap<>();
        }

        @Override
        public void end() {
            setter.accept(map);
        }
    }

    /** Converts one primitive to the dataset type; a physical type the dataset type cannot take fails naming the field. */
    private static Converter primitive(Type type, DataType dataType, String file, String path, Consumer<Object> set) {
        if (!type.isPrimitive()) {
            throw mismatch(file, path, type, dataType);
        }
        PrimitiveType p = type.asPrimitiveType();
        PrimitiveType.PrimitiveTypeName physical = p.getPrimitiveTypeName();
        switch (dataType.kind()) {
            case STRING:
                requirePhysical(file, path, p, dataType, physical == PrimitiveType.PrimitiveTypeName.BINARY
                        || physical == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
                return new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary value) {
                        set.accept(value.toStringUsingUTF8());
                    }
                };
            case BINARY:
                requirePhysical(file, path, p, dataType, physical == PrimitiveType.PrimitiveTypeName.BINARY
                        || physical == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
                return new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary value) {
                        set.accept(value.getBytes());
                    }
                };
            case BOOLEAN:
                requirePhysical(file, path, p, dataType, physical == PrimitiveType.PrimitiveTypeName.BOOLEAN);
                return new PrimitiveConverter() {
                    @Override
                    public void addBoolean(boolean value) {
                        set.accept(value);
                    }
                };
            case INT:
                // UINT32 above 2^31-1 would wrap into a negative int: read such columns as LONG
                requirePhysical(file, path, p, dataType, physical == PrimitiveType.PrimitiveTypeName.INT32 && unsignedBits(p) < 32);
                return new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        set.accept(value);
                    }
                };
            case LONG: {
                // UINT64 above 2^63-1 would wrap: read such columns as decimal(20,0)
                requirePhysical(file, path, p, dataType, (physical == PrimitiveType.PrimitiveTypeName.INT64 && unsignedBits(p) < 64)
                        || physical == PrimitiveType.PrimitiveTypeName.INT32);
                boolean unsigned32 = unsignedBits(p) == 32;
                return new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        set.accept(unsigned32 ? Integer.toUnsignedLong(value) : (long) value);
                    }

                    @Override
                    public void addLong(long value) {
                        set.accept(value);
                    }
                };
            }
            case FLOAT:
                requirePhysical(file, path, p, dataType, physical == PrimitiveType.PrimitiveTypeName.FLOAT);
                return new PrimitiveConverter() {
                    @Override
                    public void addFloat(float value) {
                        set.accept(value);
                    }
                };
            case DOUBLE:
                requirePhysical(file, path, p, dataType, physical == PrimitiveType.PrimitiveTypeName.DOUBLE
                        || physical == PrimitiveType.PrimitiveTypeName.FLOAT);
                return new PrimitiveConverter() {
                    @Override
                    public void addFloat(float value) {
                        set.accept((double) value);
                    }

                    @Override
                    public void addDouble(double value) {
                        set.accept(value);
                    }
                };
            case DATE:
                requirePhysical(file, path, p, dataType, physical == PrimitiveType.PrimitiveTypeName.INT32);
                return new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        set.accept(LocalDate.ofEpochDay(value));
                    }
                };
            case TIMESTAMP: {
                requirePhysical(file, path, p, dataType, physical == PrimitiveType.PrimitiveTypeName.INT64);
                LogicalTypeAnnotation.TimeUnit unit = p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
                        ? ts.getUnit() : LogicalTypeAnnotation.TimeUnit.MICROS;
                return new PrimitiveConverter() {
                    @Override
                    public void addLong(long value) {
                        set.accept(switch (unit) {
                            case MILLIS -> Instant.ofEpochMilli(value);
                            case MICROS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
                            case NANOS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
                        });
                    }
                };
            }
            case DECIMAL: {
                int scale = ((DecimalType) dataType).scale();
                // the file's own scale gives the value; a plain integer column has scale 0. A file scale
                // above the dataset's would need rounding, and bytes without a decimal annotation are no number.
                boolean annotated = p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
                int fileScale = annotated ? ((LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) p.getLogicalTypeAnnotation()).getScale() : 0;
                boolean integer = physical == PrimitiveType.PrimitiveTypeName.INT32 || physical == PrimitiveType.PrimitiveTypeName.INT64;
                requirePhysical(file, path, p, dataType, fileScale <= scale && (integer || (annotated
                        && (physical == PrimitiveType.PrimitiveTypeName.BINARY || physical == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY))));
                int unsigned = unsignedBits(p);
                return new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        long v = unsigned == 32 ? Integer.toUnsignedLong(value) : value;
                        set.accept(BigDecimal.valueOf(v, fileScale).setScale(scale));
                    }

                    @Override
                    public void addLong(long value) {
                        BigDecimal v = unsigned == 64 ? new BigDecimal(new BigInteger(Long.toUnsignedString(value)), fileScale)
                                : BigDecimal.valueOf(value, fileScale);
                        set.accept(v.setScale(scale));
                    }

                    @Override
                    public void addBinary(Binary value) {
                        set.accept(new BigDecimal(new BigInteger(value.getBytes()), fileScale).setScale(scale));
                    }
                };
            }
            default:
                throw mismatch(file, path, type, dataType);
        }
    }

    /** 8, 16, 32 or 64 for an unsigned integer column (UINT_8 … UINT_64), 0 otherwise. */
    static int unsignedBits(PrimitiveType p) {
        return p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned()
                ? i.getBitWidth() : 0;
    }

    private static void requirePhysical(String file, String path, PrimitiveType p, DataType dataType, boolean ok) {
        if (!ok) {
            throw mismatch(file, path, p, dataType);
        }
    }

    private static ExportException mismatch(String file, String path, Type type, DataType dataType) {
        return new ExportException("Parquet file " + file + ", field \"" + path + "\": the file's type " + type
                + " cannot be read as " + dataType + " of the dataset schema");
    }
}
