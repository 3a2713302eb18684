package org.datasetexport.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.datasetexport.ConfigurationException;

/**
 * The ordered fields of a dataset. Immutable and thread-safe.
 *
 * <pre>{@code
 * Schema schema = Schema.builder()
 *         .required("id", DataType.LONG)
 *         .optional("email", DataType.STRING)
 *         .optional("address", DataType.struct(
 *                 Field.optional("city", DataType.STRING),
 *                 Field.optional("zip", DataType.STRING)))
 *         .build();
 * }</pre>
 *
 * <p>{@link #toJson()} gives the SDK's JSON form of a schema, written into every manifest (and
 * into Parquet metadata); {@link #fromJson(String)} reads it back.
 */
public final class Schema {
    private final StructType struct;

    private Schema(List<Field> fields) {
        this.struct = new StructType(fields);
    }

    /**
     * @param fields the fields, in order, names unique, at least one
     * @return the schema
     * @throws ConfigurationException when there are no fields or a name repeats
     */
    public static Schema of(Field... fields) {
        ConfigurationException.requireNonNull(fields, "fields");
        return new Schema(java.util.Arrays.asList(fields)); // nulls reach the check that names them
    }

    /**
     * @param fields the fields, in order, names unique, at least one
     * @return the schema
     * @throws ConfigurationException when there are no fields or a name repeats
     */
    public static Schema of(List<Field> fields) {
        ConfigurationException.requireNonNull(fields, "fields");
        return new Schema(fields);
    }

    /** @return a builder that adds fields in order */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the SDK's JSON form, as written by {@link #toJson()}.
     *
     * @param json the schema JSON
     * @return the schema
     * @throws ConfigurationException when the JSON is not a valid schema
     */
    public static Schema fromJson(String json) {
        return SchemaJson.parse(json);
    }

    /** @return the fields, in order; unmodifiable */
    public List<Field> fields() {
        return struct.fields();
    }

    /**
     * @param name a top-level field name
     * @return that field, if present
     */
    public Optional<Field> field(String name) {
        return struct.fields().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** @return the schema as one struct type, handy for recursive code */
    public StructType asStruct() {
        return struct;
    }

    /**
     * @return the SDK's JSON form: {@code {"fields":[{"name":"id","type":"long","nullable":false}, …]}};
     *         decimals are {@code {"type":"decimal","precision":10,"scale":2}}, structs
     *         {@code {"type":"struct","fields":[…]}}, arrays {@code {"type":"array","elementType":…}}
     *         and maps {@code {"type":"map","keyType":"string","valueType":…}}
     */
    public String toJson() {
        return SchemaJson.write(this);
    }

    /**
     * @return the hex SHA-256 of {@link #toJson()}: equal for equal schemas (field labels
     *         included), and what manifests record as {@code schemaFingerprint}
     */
    public String fingerprint() {
        return fingerprintOf(toJson());
    }

    /**
     * @param schemaJson a schema in the SDK's JSON form, as {@link #toJson()} writes it
     * @return its hex SHA-256
     */
    public static String fingerprintOf(String schemaJson) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(schemaJson.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema other && struct.equals(other.struct);
    }

    @Override
    public int hashCode() {
        return struct.hashCode();
    }

    @Override
    public String toString() {
        return "Schema" + struct.displayName().substring("struct".length());
    }

    /** Collects fields in order. Not thread-safe. */
    public static final class Builder {
        private final List<Field> fields = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param field the next field
         * @return this builder
         */
        public Builder field(Field field) {
            fields.add(ConfigurationException.requireNonNull(field, "field"));
            return this;
        }

        /**
         * @param name field name
         * @param type field type
         * @return this builder
         */
        public Builder required(String name, DataType type) {
            return field(Field.required(name, type));
        }

        /**
         * @param name field name
         * @param type field type
         * @return this builder
         */
        public Builder optional(String name, DataType type) {
            return field(Field.optional(name, type));
        }

        /**
         * @return the schema
         * @throws ConfigurationException when there are no fields or a name repeats
         */
        public Schema build() {
            return new Schema(fields);
        }
    }
}
