package org.datasetexport.format.parquet.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.datasetexport.data.ArrayType;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.MapType;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.data.StructType;

/**
 * Writes rows straight into parquet-mr's column writers, below its {@code RecordConsumer}: the
 * repetition and definition level of every column is worked out from the schema once, so a row
 * costs one walk over its values and nothing else (no field-name lookups, no per-value group
 * events, no cached-null bookkeeping). Produces the same column values and levels as
 * {@code RowWriteSupport} over {@code MessageColumnIO} (the stock path), which the tests compare.
 *
 * <p>Level rules (Parquet's Dremel encoding of the layout {@link ParquetSchemas} declares): an
 * OPTIONAL node adds one definition level when present; the repeated {@code list}/{@code key_value}
 * group of a LIST/MAP adds one definition and one repetition level; an empty list or map writes
 * one null at the level of the list itself; the first element of a list repeats at the enclosing
 * level, the others at the list's own repetition level.
 *
 * <p>String columns go through a per-column cache from the Java string to its encoded bytes, so
 * a value that repeats is encoded to UTF-8 once and reaches the dictionary as the same
 * {@link Binary} instance ({@link StringDictionaryWriter} then finds it by identity).
 */
final class RowShredder {
    private final Node[] fields;
    private final ColumnWriteStore store;

    /**
     * @param schema the dataset schema
     * @param type the Parquet schema of {@link ParquetSchemas#messageType}
     * @param store the column writers of the current row group
     */
    RowShredder(Schema schema, MessageType type, ColumnWriteStore store) {
        this.store = store;
        this.fields = new Builder(type, store).fields(schema.fields(), new ArrayList<>(), 0, 0);
    }

    /**
     * @param row a row that matches the schema (the engine validated it)
     */
    void write(Row row) {
        Node[] nodes = fields;
        for (int i = 0; i < nodes.length; i++) {
            Object value = row.get(i);
            if (value == null) {
                nodes[i].nulls(0, 0);
            } else {
                nodes[i].write(value, 0);
            }
        }
        store.endRecord();
    }

    /** Builds the node tree, handing each leaf its column writer and levels. */
    private static final class Builder {
        private final MessageType type;
        private final ColumnWriteStore store;

        Builder(MessageType type, ColumnWriteStore store) {
            this.type = type;
            this.store = store;
        }

        Node[] fields(List<Field> fields, List<String> path, int parentDef, int rep) {
            Node[] nodes = new Node[fields.size()];
            for (int i = 0; i < nodes.length; i++) {
                Field f = fields.get(i);
                nodes[i] = node(f.type(), child(path, f.name()), parentDef + (f.nullable() ? 1 : 0), rep);
            }
            return nodes;
        }

        /**
         * @param def the definition level when this node's value is present
         * @param rep the repetition level of the nearest repeated ancestor
         */
        Node node(DataType dataType, List<String> path, int def, int rep) {
            switch (dataType.kind()) {
                case STRUCT:
                    return new StructNode(fields(((StructType) dataType).fields(), path, def, rep), def);
                case ARRAY: {
                    List<String> repeated = child(path, ParquetSchemas.LIST_GROUP);
                    Node element = node(((ArrayType) dataType).elementType(),
                            child(repeated, ParquetSchemas.LIST_ELEMENT), def + 2, rep + 1);
                    return new ListNode(element, def, rep + 1);
                }
                case MAP: {
                    List<String> repeated = child(path, ParquetSchemas.MAP_GROUP);
                    Node key = node(DataType.STRING, child(repeated, ParquetSchemas.MAP_KEY), def + 1, rep + 1);
                    Node value = node(((MapType) dataType).valueType(),
                            child(repeated, ParquetSchemas.MAP_VALUE), def + 2, rep + 1);
                    return new MapNode(key, value, def, rep + 1);
                }
                default:
                    ColumnWriter writer = store.getColumnWriter(type.getColumnDescription(path.toArray(new String[0])));
                    return leaf(dataType, writer, def);
            }
        }

        private static List<String> child(List<String> path, String name) {
            List<String> out = new ArrayList<>(path);
            out.add(name);
            return out;
        }

        private static Node leaf(DataType dataType, ColumnWriter writer, int def) {
            switch (dataType.kind()) {
                case STRING:
                    return new StringLeaf(writer, def);
                case BOOLEAN:
                    return new Leaf(writer, def) {
                        @Override
                        void write(Object value, int rep) {
                            writer.write((Boolean) value, rep, def);
                        }
                    };
                case INT:
                    return new Leaf(writer, def) {
                        @Override
                        void write(Object value, int rep) {
                            writer.write((int) (Integer) value, rep, def);
                        }
                    };
                case LONG:
                    return new Leaf(writer, def) {
                        @Override
                        void write(Object value, int rep) {
                            writer.write((long) (Long) value, rep, def);
                        }
                    };
                case FLOAT:
                    return new Leaf(writer, def) {
                        @Override
                        void write(Object value, int rep) {
                            writer.write((float) (Float) value, rep, def);
                        }
                    };
                case DOUBLE:
                    return new Leaf(writer, def) {
                        @Override
                        void write(Object value, int rep) {
                            writer.write((double) (Double) value, rep, def);
                        }
                    };
                case DATE:
                    return new Leaf(writer, def) {
                        @Override
                        void write(Object value, int rep) {
                            writer.write(Math.toIntExact(((LocalDate) value).toEpochDay()), rep, def);
                        }
                    };
                case TIMESTAMP:
                    return new Leaf(writer, def) {
                        @Override
                        void write(Object value, int rep) {
                            writer.write(ParquetSchemas.micros((Instant) value), rep, def);
                        }
                    };
                case BINARY:
                    return new Leaf(writer, def) {
                        @Override
                        void write(Object value, int rep) {
                            // copied: the row keeps its array, and the dictionary may keep the bytes
                            writer.write(Binary.fromConstantByteArray(((byte[]) value).clone()), rep, def);
                        }
                    };
                case DECIMAL:
                    return decimal((DecimalType) dataType, writer, def);
                default:
                    throw new IllegalStateException("unhandled kind " + dataType.kind());
            }
        }

        private static Node decimal(DecimalType type, ColumnWriter writer, int def) {
            int scale = type.scale();
            if (type.precision() <= 9) {
                return new Leaf(writer, def) {
                    @Override
                    void write(Object value, int rep) {
                        writer.write(unscaled((BigDecimal) value, scale).intValueExact(), rep, def);
                    }
                };
            }
            if (type.precision() <= 18) {
                return new Leaf(writer, def) {
                    @Override
                    void write(Object value, int rep) {
                        writer.write(unscaled((BigDecimal) value, scale).longValueExact(), rep, def);
                    }
                };
            }
            int length = ParquetSchemas.decimalBytes(type.precision());
            return new Leaf(writer, def) {
                @Override
                void write(Object value, int rep) {
                    byte[] bytes = ParquetSchemas.twosComplement(unscaled((BigDecimal) value, scale), length);
                    writer.write(Binary.fromConstantByteArray(bytes), rep, def);
                }
            };
        }
    }

    private static BigInteger unscaled(BigDecimal value, int scale) {
        return value.setScale(scale).unscaledValue();
    }

    /** A schema node: writes a present value, or the nulls of every column below it. */
    private abstract static class Node {
        /**
         * @param value a non-null value of the node's type
         * @param rep the repetition level of this value
         */
        abstract void write(Object value, int rep);

        /**
         * @param rep the repetition level
         * @param def the definition level reached above this node
         */
        abstract void nulls(int rep, int def);
    }

    private abstract static class Leaf extends Node {
        final ColumnWriter writer;
        final int def;

        Leaf(ColumnWriter writer, int def) {
            this.writer = writer;
            this.def = def;
        }

        @Override
        final void nulls(int rep, int parentDef) {
            writer.writeNull(rep, parentDef);
        }
    }

    private static final class StringLeaf extends Leaf {
        private final StringBinaries binaries = new StringBinaries();

        StringLeaf(ColumnWriter writer, int def) {
            super(writer, def);
        }

        @Override
        void write(Object value, int rep) {
            writer.write(binaries.of((String) value), rep, def);
        }
    }

    private static final class StructNode extends Node {
        private final Node[] fields;
        /** Definition level of the struct when present. */
        private final int def;

        StructNode(Node[] fields, int def) {
            this.fields = fields;
            this.def = def;
        }

        @Override
        void write(Object value, int rep) {
            Row row = (Row) value;
            Node[] nodes = fields;
            for (int i = 0; i < nodes.length; i++) {
                Object v = row.get(i);
                if (v == null) {
                    nodes[i].nulls(rep, def);
                } else {
                    nodes[i].write(v, rep);
                }
            }
        }

        @Override
        void nulls(int rep, int parentDef) {
            for (Node n : fields) {
                n.nulls(rep, parentDef);
            }
        }
    }

    private static final class ListNode extends Node {
        private final Node element;
        /** Definition level of the list itself (present, maybe empty). */
        private final int def;
        /** Repetition level of the list's repeated group. */
        private final int rep;

        ListNode(Node element, int def, int rep) {
            this.element = element;
            this.def = def;
            this.rep = rep;
        }

        @Override
        void write(Object value, int parentRep) {
            List<?> list = (List<?>) value;
            int size = list.size();
            if (size == 0) {
                element.nulls(parentRep, def);
                return;
            }
            int elementParentDef = def + 1;
            if (list instanceof RandomAccess) {
                for (int k = 0; k < size; k++) {
                    writeElement(list.get(k), k == 0 ? parentRep : rep, elementParentDef);
                }
            } else {
                int r = parentRep;
                for (Object e : list) {
                    writeElement(e, r, elementParentDef);
                    r = rep;
                }
            }
        }

        private void writeElement(Object e, int r, int elementParentDef) {
            if (e == null) {
                element.nulls(r, elementParentDef);
            } else {
                element.write(e, r);
            }
        }

        @Override
        void nulls(int parentRep, int parentDef) {
            element.nulls(parentRep, parentDef);
        }
    }

    private static final class MapNode extends Node {
        private final Node key;
        private final Node value;
        private final int def;
        private final int rep;

        MapNode(Node key, Node value, int def, int rep) {
            this.key = key;
            this.value = value;
            this.def = def;
            this.rep = rep;
        }

        @Override
        void write(Object v, int parentRep) {
            Map<?, ?> map = (Map<?, ?>) v;
            if (map.isEmpty()) {
                nulls(parentRep, def);
                return;
            }
            int r = parentRep;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                key.write(entry.getKey(), r);
                Object val = entry.getValue();
                if (val == null) {
                    value.nulls(r, def + 1);
                } else {
                    value.write(val, r);
                }
                r = rep;
            }
        }

        @Override
        void nulls(int parentRep, int parentDef) {
            key.nulls(parentRep, parentDef);
            value.nulls(parentRep, parentDef);
        }
    }
}
