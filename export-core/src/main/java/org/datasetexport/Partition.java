package org.datasetexport;

import java.util.Locale;
import java.util.Objects;

/**
 * One level of a partitioned layout ({@link ExportBuilder#partitionBy(Partition...)}): a field of
 * the dataset (top-level, or nested with dots: {@code address.country}) and a transform. Files
 * land under {@code <run folder>/<name>=<value>/…} in Hive style, with Iceberg's transform names:
 *
 * <table>
 *   <caption>transforms</caption>
 *   <tr><th>partition</th><th>field types</th><th>directory</th></tr>
 *   <tr><td>{@code identity("country")}</td><td>string, boolean, int, long, date, decimal</td><td>{@code country=DE}</td></tr>
 *   <tr><td>{@code year("ts")}</td><td>timestamp, date</td><td>{@code ts_year=2026}</td></tr>
 *   <tr><td>{@code month("ts")}</td><td>timestamp, date</td><td>{@code ts_month=2026-11}</td></tr>
 *   <tr><td>{@code day("ts")}</td><td>timestamp, date</td><td>{@code ts_day=2026-11-28}</td></tr>
 *   <tr><td>{@code hour("ts")}</td><td>timestamp</td><td>{@code ts_hour=2026-11-28-09}</td></tr>
 *   <tr><td>{@code bucket(16, "customerId")}</td><td>string, int, long, date, timestamp, decimal, binary</td><td>{@code customerId_bucket=3}</td></tr>
 * </table>
 *
 * Times are UTC. Buckets are Iceberg's: the 32-bit Murmur3 hash of the value's Iceberg binary form
 * (an int is hashed as a long), made non-negative, modulo the count — so Iceberg and Spark compute
 * the same bucket for a value. Values are escaped the way Hive and Spark escape path names; a null
 * value is {@code __HIVE_DEFAULT_PARTITION__}. Immutable.
 */
public final class Partition {
    /** The transforms. */
    public enum Transform {
        /** The value itself. */
        IDENTITY,
        /** The UTC year. */
        YEAR,
        /** The UTC year and month. */
        MONTH,
        /** The UTC date. */
        DAY,
        /** The UTC date and hour. */
        HOUR,
        /** A hash bucket. */
        BUCKET
    }

    private final String field;
    private final Transform transform;
    private final int buckets;

    private Partition(String field, Transform transform, int buckets) {
        ConfigurationException.requireNonNull(field, "field");
        ConfigurationException.check(!field.isBlank() && !field.startsWith(".") && !field.endsWith(".") && !field.contains(".."),
                "partition field \"%s\" is not a field path such as country or address.country", field);
        this.field = field;
        this.transform = transform;
        this.buckets = buckets;
    }

    /**
     * @param field a field path
     * @return partitions by the field's value
     */
    public static Partition identity(String field) {
        return new Partition(field, Transform.IDENTITY, 0);
    }

    /**
     * @param field a timestamp or date field path
     * @return partitions by UTC year
     */
    public static Partition year(String field) {
        return new Partition(field, Transform.YEAR, 0);
    }

    /**
     * @param field a timestamp or date field path
     * @return partitions by UTC month
     */
    public static Partition month(String field) {
        return new Partition(field, Transform.MONTH, 0);
    }

    /**
     * @param field a timestamp or date field path
     * @return partitions by UTC day
     */
    public static Partition day(String field) {
        return new Partition(field, Transform.DAY, 0);
    }

    /**
     * @param field a timestamp field path
     * @return partitions by UTC hour
     */
    public static Partition hour(String field) {
        return new Partition(field, Transform.HOUR, 0);
    }

    /**
     * @param buckets how many buckets, 1 to 100,000
     * @param field a field path
     * @return partitions by Iceberg's hash bucket of the value
     * @throws ConfigurationException when the count is out of range
     */
    public static Partition bucket(int buckets, String field) {
        ConfigurationException.check(buckets >= 1 && buckets <= 100_000, "bucket count must be 1 to 100,000, got %d", buckets);
        return new Partition(field, Transform.BUCKET, buckets);
    }

    /**
     * @return the text form {@link #parse(String)} reads: {@code day:ts}, {@code bucket:16:id}
     */
    public String spec() {
        return transform.name().toLowerCase(Locale.ROOT) + ":" + (transform == Transform.BUCKET ? buckets + ":" : "") + field;
    }

    /**
     * The text form the CLI and the Spring starter take: {@code identity:country},
     * {@code year|month|day|hour:ts}, {@code bucket:16:customerId}.
     *
     * @param spec the text form
     * @return the partition
     * @throws ConfigurationException naming the forms when it is none of them
     */
    public static Partition parse(String spec) {
        ConfigurationException.requireNonNull(spec, "partition");
        String[] p = spec.trim().split(":");
        try {
            return switch (p[0].toLowerCase(Locale.ROOT)) {
                case "identity" -> identity(p[1]);
                case "year" -> year(p[1]);
                case "month" -> month(p[1]);
                case "day" -> day(p[1]);
                case "hour" -> hour(p[1]);
                case "bucket" -> bucket(Integer.parseInt(p[1]), p[2]);
                default -> throw new IllegalArgumentException(p[0]);
            };
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new ConfigurationException("\"" + spec + "\" is not a partition; use identity:<field>, "
                    + "year|month|day|hour:<field> or bucket:<count>:<field>", e);
        }
    }

    /** @return the field path */
    public String field() {
        return field;
    }

    /** @return the transform */
    public Transform transform() {
        return transform;
    }

    /** @return the bucket count, 0 for other transforms */
    public int buckets() {
        return buckets;
    }

    /** @return the directory key: the field path, with {@code _year}, {@code _month}, {@code _day}, {@code _hour} or {@code _bucket} for transforms */
    public String name() {
        return transform == Transform.IDENTITY ? field : field + "_" + transform.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Partition p && field.equals(p.field) && transform == p.transform && buckets == p.buckets;
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, transform, buckets);
    }

    @Override
    public String toString() {
        return switch (transform) {
            case IDENTITY -> "identity(" + field + ")";
            case BUCKET -> "bucket(" + buckets + ", " + field + ")";
            default -> transform.name().toLowerCase(Locale.ROOT) + "(" + field + ")";
        };
    }
}
