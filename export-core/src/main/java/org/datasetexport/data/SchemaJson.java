package org.datasetexport.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.datasetexport.ConfigurationException;

/** The SDK's JSON form of a schema; see {@link Schema#toJson()}. */
final class SchemaJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SchemaJson() {
    }

    static String write(Schema schema) {
        return toNode(schema).toString();
    }

    static ObjectNode toNode(Schema schema) {
        ObjectNode root = NODES.objectNode();
        root.set("fields", fieldsNode(schema.fields()));
        return root;
    }

    private static ArrayNode fieldsNode(List<Field> fields) {
        ArrayNode array = NODES.arrayNode();
        for (Field f : fields) {
            ObjectNode node = array.addObject();
            node.put("name", f.name());
            node.set("type", typeNode(f.type()));
            node.put("nullable", f.nullable());
            if (!f.labels().isEmpty()) {
                ArrayNode labels = node.putArray("labels");
                f.labels().forEach(labels::add);
            }
        }
        return array;
    }

    private static JsonNode typeNode(DataType type) {
        if (type instanceof PrimitiveType p) {
            return NODES.textNode(p.displayName());
        }
        ObjectNode node = NODES.objectNode();
        node.put("type", type.kind().name().toLowerCase(Locale.ROOT));
        if (type instanceof DecimalType d) {
            node.put("precision", d.precision());
            node.put("scale", d.scale());
        } else if (type instanceof StructType s) {
            node.set("fields", fieldsNode(s.fields()));
        } else if (type instanceof ArrayType a) {
            node.set("elementType", typeNode(a.elementType()));
            node.put("containsNull", true);
        } else if (type instanceof MapType m) {
            node.put("keyType", "string");
            node.set("valueType", typeNode(m.valueType()));
            node.put("valueContainsNull", true);
        }
        return node;
    }

    static Schema parse(String json) {
        ConfigurationException.requireNonNull(json, "schema JSON");
        try {
            JsonNode root = MAPPER.readTree(json);
            return Schema.of(parseFields(root.path("fields"), "fields"));
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("schema JSON is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<Field> parseFields(JsonNode fields, String where) {
        ConfigurationException.check(fields.isArray(), "schema JSON: \"%s\" must be an array", where);
        List<Field> result = new ArrayList<>();
        for (JsonNode f : fields) {
            String name = f.path("name").asText(null);
            ConfigurationException.check(name != null, "schema JSON: a field in \"%s\" has no name", where);
            DataType type = parseType(f.path("type"), where + "." + name);
            Set<String> labels = new TreeSet<>();
            f.path("labels").forEach(l -> labels.add(l.asText()));
            JsonNode nullable = f.path("nullable");
            ConfigurationException.check(nullable.isMissingNode() || nullable.isBoolean(),
                    "schema JSON: \"nullable\" of %s.%s must be true or false, got %s", where, name, nullable);
            result.add(new Field(name, type, nullable.asBoolean(true), labels));
        }
        return result;
    }

    /** An integer property, refused when missing, fractional or beyond an int (never wrapped: 10000000000 is not 1410065408). */
    private static int integer(JsonNode node, String property, String where) {
        JsonNode value = node.path(property);
        ConfigurationException.check(value.isIntegralNumber() && value.canConvertToInt(),
                "schema JSON: %s of the decimal at %s must be an integer, got %s", property, where,
                value.isMissingNode() ? "nothing" : value.toString());
        return value.intValue();
    }

    private static DataType parseType(JsonNode node, String where) {
        if (node.isTextual()) {
            try {
                return PrimitiveType.valueOf(node.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("schema JSON: unknown type \"" + node.asText() + "\" at " + where);
            }
        }
        String kind = node.path("type").asText("");
        switch (kind) {
            case "decimal":
                return DataType.decimal(integer(node, "precision", where), integer(node, "scale", where));
            case "struct":
                return new StructType(parseFields(node.path("fields"), where));
            case "array":
                return DataType.array(parseType(node.path("elementType"), where + "[]"));
            case "map": {
                JsonNode keyType = node.path("keyType");
                ConfigurationException.check(keyType.isMissingNode() || "string".equals(keyType.asText()),
                        "schema JSON: map keys are strings; keyType %s at %s is not supported", keyType, where);
                return DataType.map(parseType(node.path("valueType"), where + "{}"));
            }
            default:
                throw new ConfigurationException("schema JSON: unknown type " + node + " at " + where);
        }
    }
}
