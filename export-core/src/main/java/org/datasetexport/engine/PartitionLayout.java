package org.datasetexport.engine;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.datasetexport.spi.StoragePaths;
import org.datasetexport.ConfigurationException;
import org.datasetexport.Partition;
import org.datasetexport.data.DataType;
import org.datasetexport.data.DecimalType;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.data.StructType;

/**
 * A run's partition spec resolved against its schema: each {@link Partition}'s field path as
 * positions into the row, checked for a type the transform accepts before any row is read, and
 * the Hive-style directory of a row ({@code country=DE/ts_day=2026-11-28}).
 */
public final class PartitionLayout {
    /** Hive's and Spark's name for the partition of null values. */
    public static final String NULL_VALUE = "__HIVE_DEFAULT_PARTITION__";
    /** No partitions: every file in the run folder. */
    public static final PartitionLayout NONE = new PartitionLayout(List.of());

    private static final Set<DataType.Kind> IDENTITY = EnumSet.of(DataType.Kind.STRING, DataType.Kind.BOOLEAN,
            DataType.Kind.INT, DataType.Kind.LONG, DataType.Kind.DATE, DataType.Kind.DECIMAL);
    private static final Set<DataType.Kind> DATES = EnumSet.of(DataType.Kind.TIMESTAMP, DataType.Kind.DATE);
    private static final Set<DataType.Kind> BUCKET = EnumSet.of(DataType.Kind.STRING, DataType.Kind.INT, DataType.Kind.LONG,
            DataType.Kind.DATE, DataType.Kind.TIMESTAMP, DataType.Kind.DECIMAL, DataType.Kind.BINARY);

    /** A partition resolved once: its directory prefix ({@code name=}) is built here, not per row. */
    private record Level(Partition partition, int[] path, DataType type, String prefix) {
    }

    private final List<Level> levels;

    private PartitionLayout(List<Level> levels) {
        this.levels = levels;
    }

    /**
     * @param partitions the spec, outermost first
     * @param schema the schema of the rows (after the policy)
     * @param datasetId for messages
     * @return the layout
     * @throws ConfigurationException naming the partition when a field is unknown, reached
     *         through something other than structs, or of a type its transform cannot take
     */
    public static PartitionLayout of(List<Partition> partitions, Schema schema, String datasetId) {
        if (partitions.isEmpty()) {
            return NONE;
        }
        List<Level> levels = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Partition p : partitions) {
            ConfigurationException.check(names.add(p.name()), "partition %s is given twice", p);
            String[] segments = p.field().split("\\.");
            int[] path = new int[segments.length];
            List<Field> fields = schema.fields();
            DataType type = null;
            for (int i = 0; i < segments.length; i++) {
                int index = indexOf(fields, segments[i]);
                ConfigurationException.check(index >= 0, "partition %s: dataset \"%s\" has no field %s; fields there: %s", p,
                        datasetId, String.join(".", Arrays.copyOf(segments, i + 1)), fields.stream().map(Field::name).toList());
                path[i] = index;
                type = fields.get(index).type();
                if (i < segments.length - 1) {
                    ConfigurationException.check(type instanceof StructType,
                            "partition %s: %s is %s, not a struct; partition fields are reached through structs only",
                            p, segments[i], type.displayName());
                    fields = ((StructType) type).fields();
                }
            }
            Set<DataType.Kind> allowed = switch (p.transform()) {
                case IDENTITY -> IDENTITY;
                case YEAR, MONTH, DAY -> DATES;
                case HOUR -> EnumSet.of(DataType.Kind.TIMESTAMP);
                case BUCKET -> BUCKET;
            };
            ConfigurationException.check(allowed.contains(type.kind()), "partition %s: field %s is %s; %s takes %s", p,
                    p.field(), type.displayName(), p.transform().name().toLowerCase(Locale.ROOT),
                    allowed.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
            levels.add(new Level(p, path, type, p.name() + "="));
        }
        return new PartitionLayout(List.copyOf(levels));
    }

    private static int indexOf(List<Field> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** @return whether there are no partitions */
    public boolean isEmpty() {
        return levels.isEmpty();
    }

    /** @return the partitions, outermost first */
    public List<Partition> partitions() {
        return levels.stream().map(Level::partition).toList();
    }

    /**
     * @param row a valid row
     * @return its directory below the run folder, such as {@code country=DE/ts_day=2026-11-28}
     */
    public String directory(Row row) {
        StringBuilder out = new StringBuilder(32 * levels.size());
        for (Level level : levels) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(level.prefix());
            appendValue(out, level, row);
        }
        return out.toString();
    }

    /** Called for every row of a partitioned run: appends without formatting strings. */
    private static void appendValue(StringBuilder out, Level level, Row row) {
        Object v = row;
        for (int index : level.path()) {
            v = ((Row) v).get(index);
            if (v == null) {
                out.append(NULL_VALUE);
                return;
            }
        }
        Partition p = level.partition();
        switch (p.transform()) {
            case IDENTITY -> out.append(escape(identity(v, level.type())));
            case BUCKET -> out.append((IcebergBucket.hash(v) & Integer.MAX_VALUE) % p.buckets());
            default -> {
                ZonedDateTime t = utc(v);
                pad(out, t.getYear(), 4);
                if (p.transform() != Partition.Transform.YEAR) {
                    pad(out.append('-'), t.getMonthValue(), 2);
                }
                if (p.transform() == Partition.Transform.DAY || p.transform() == Partition.Transform.HOUR) {
                    pad(out.append('-'), t.getDayOfMonth(), 2);
                }
                if (p.transform() == Partition.Transform.HOUR) {
                    pad(out.append('-'), t.getHour(), 2);
                }
            }
        }
    }

    /** {@code %0<width>d}: a negative year keeps its sign before the zeros, as String.format does. */
    private static void pad(StringBuilder out, int value, int width) {
        if (value < 0) {
            out.append('-');
            value = -value;
            width--;
        }
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }

    private static String identity(Object v, DataType type) {
        if (v instanceof BigDecimal d) {
            return d.setScale(((DecimalType) type).scale()).toPlainString();
        }
        return v.toString(); // String, Boolean, Integer, Long, LocalDate (ISO)
    }

    private static ZonedDateTime utc(Object v) {
        return v instanceof LocalDate d ? d.atStartOfDay(ZoneOffset.UTC) : ((Instant) v).atZone(ZoneOffset.UTC);
    }

    /**
     * Hive's and Spark's path escaping: control characters (C0, DEL and C1) and {@code " # % ' * / : = ? \ [ ] ^} and the left brace
     * become {@code %XX}; everything else (spaces, non-ASCII letters) stays.
     *
     * @param value a partition value
     * @return the escaped directory value
     */
    public static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (needsEscape(c)) {
                if (out == null) {
                    out = new StringBuilder(value.length() + 8).append(value, 0, i);
                }
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static boolean needsEscape(char c) {
        // every control character, the C1 range (U+0080–U+009F) included: no store takes them in a name
        return Character.isISOControl(c) || "\"#%'*/:=?\\{[]^".indexOf(c) >= 0;
    }

    /** The longest directory name file systems and object-store tools take: 255 bytes. */
    static final int MAX_SEGMENT_BYTES = 255;

    /**
     * Checks a row's partition directory before any file is opened in it: a value whose directory
     * name would exceed what stores take is a bad record (row, field), not a configuration error,
     * and the message does not carry the value.
     *
     * @param directory what {@link #directory(Row)} gave for the row
     * @param otherCharacters the characters of the rest of a file's path (run folder, slashes, longest file name)
     * @throws org.datasetexport.RecordException naming the dataset, row and partition field
     */
    void requireStorable(String directory, String datasetId, long rowNumber, int otherCharacters) {
        if (directory.length() + otherCharacters > StoragePaths.MAX_PATH_LENGTH) {
            Partition p = levels.get(levels.size() - 1).partition();
            throw new org.datasetexport.RecordException(datasetId, rowNumber, p.field(), "values whose partition directories keep "
                    + "the file's path within " + StoragePaths.MAX_PATH_LENGTH + " characters", "a path of "
                    + (directory.length() + otherCharacters) + " characters");
        }
        int level = 0;
        int start = 0;
        while (start <= directory.length()) {
            int end = directory.indexOf('/', start);
            if (end < 0) {
                end = directory.length();
            }
            int bytes = utf8Length(directory, start, end);
            if (bytes > MAX_SEGMENT_BYTES) {
                Partition p = levels.get(Math.min(level, levels.size() - 1)).partition();
                throw new org.datasetexport.RecordException(datasetId, rowNumber, p.field(),
                        "a value whose partition directory " + p.name() + "=… fits " + MAX_SEGMENT_BYTES + " bytes",
                        "one of " + bytes + " bytes (escaped)");
            }
            level++;
            start = end + 1;
        }
    }

    private static int utf8Length(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /**
     * @param escaped a directory value
     * @return the value it stands for ({@code %XX} decoded)
     */
    public static String unescape(String escaped) {
        if (escaped.indexOf('%') < 0) {
            return escaped;
        }
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '%' && i + 2 < escaped.length() && isHex(escaped.charAt(i + 1)) && isHex(escaped.charAt(i + 2))) {
                out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /**
     * @param relativeDirectory a file's directory below the run folder ({@code country=DE/…}), or empty
     * @return the partition values it encodes, by partition name (null for Hive's null partition)
     */
    public static Map<String, String> values(String relativeDirectory) {
        Map<String, String> out = new LinkedHashMap<>();
        if (relativeDirectory.isEmpty()) {
            return out;
        }
        for (String segment : relativeDirectory.split("/")) {
            int eq = segment.indexOf('=');
            if (eq > 0) {
                String value = segment.substring(eq + 1);
                out.put(segment.substring(0, eq), value.equals(NULL_VALUE) ? null : unescape(value));
            }
        }
        return out;
    }

    /** Iceberg's bucket hash: 32-bit Murmur3 (seed 0) of the value's Iceberg binary form. */
    static final class IcebergBucket {
        private IcebergBucket() {
        }

        static int hash(Object v) {
            if (v instanceof Integer i) {
                return hashLong(i);
            }
            if (v instanceof Long l) {
                return hashLong(l);
            }
            if (v instanceof LocalDate d) {
                return hashLong(d.toEpochDay());
            }
            if (v instanceof Instant t) {
                return hashLong(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000));
            }
            if (v instanceof String s) {
                return murmur3(s.getBytes(StandardCharsets.UTF_8));
            }
            if (v instanceof BigDecimal d) {
                return murmur3(d.unscaledValue().toByteArray());
            }
            return murmur3((byte[]) v);
        }

        private static int hashLong(long value) {
            byte[] bytes = new byte[8];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (value >>> (8 * i));
            }
            return murmur3(bytes);
        }

        static int murmur3(byte[] data) {
            final int c1 = 0xcc9e2d51;
            final int c2 = 0x1b873593;
            int h1 = 0;
            int i = 0;
            for (; i + 4 <= data.length; i += 4) {
                int k1 = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | data[i + 3] << 24;
                k1 *= c1;
                k1 = Integer.rotateLeft(k1, 15);
                k1 *= c2;
                h1 ^= k1;
                h1 = Integer.rotateLeft(h1, 13);
                h1 = h1 * 5 + 0xe6546b64;
            }
            int k1 = 0;
            switch (data.length & 3) {
                case 3:
                    k1 ^= (data[i + 2] & 0xff) << 16;
                    // fall through
                case 2:
                    k1 ^= (data[i + 1] & 0xff) << 8;
                    // fall through
                case 1:
                    k1 ^= data[i] & 0xff;
                    k1 *= c1;
                    k1 = Integer.rotateLeft(k1, 15);
                    k1 *= c2;
                    h1 ^= k1;
                    break;
                default:
                    break;
            }
            h1 ^= data.length;
            h1 ^= h1 >>> 16;
            h1 *= 0x85ebca6b;
            h1 ^= h1 >>> 13;
            h1 *= 0xc2b2ae35;
            h1 ^= h1 >>> 16;
            return h1;
        }
    }
}
