package io.camelgateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON Schema (as clients write tool parameters) → the OpenAPI subset Gemini's {@code Schema} accepts. Gemini
 * rejects unknown keywords ({@code additionalProperties}, {@code $schema}, {@code strict}, {@code const}...), type
 * arrays, {@code $ref}, {@code oneOf}/{@code allOf}, properties on non-objects, {@code required} names that are not
 * properties and empty {@code properties} maps. Each is rewritten to what means the same in the subset (refs
 * inlined, {@code const} → one-value enum, {@code ["string","null"]} → nullable string, {@code oneOf} → {@code anyOf},
 * {@code allOf} merged) or, when the subset has no way to say it (a pattern of property names, a uniqueness rule), left
 * out. The input is never modified.
 */
public final class GeminiSchemaConverter {

    /** Keywords of Gemini's Schema that are copied as they are (after their values are converted where nested). */
    private static final Set<String> SCALAR_KEYWORDS = Set.of("title", "description", "nullable", "maxItems",
            "minItems", "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "minimum", "maximum",
            "example", "propertyOrdering");
    private static final Set<String> STRING_FORMATS = Set.of("enum", "date-time");
    private static final Set<String> NUMBER_FORMATS = Set.of("float", "double");
    private static final Set<String> INTEGER_FORMATS = Set.of("int32", "int64");
    /** Refs nested deeper than this (a recursive schema) become a plain object. */
    private static final int MAX_REF_DEPTH = 8;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;

    private GeminiSchemaConverter(JsonNode root) {
        this.root = root;
    }

    /**
     * The function {@code parameters} for a tool schema, or null when the tool takes no arguments (Gemini rejects
     * an object schema with an empty properties map, so such a declaration carries no parameters at all).
     */
    public static ObjectNode parameters(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return null;
        }
        ObjectNode converted = convert(schema);
        if ("object".equals(converted.path("type").asText()) && !converted.has("properties")) {
            return null;
        }
        return converted;
    }

    /** Any schema (structured-output {@code responseSchema} included) converted; an empty schema stays empty. */
    public static ObjectNode convert(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return NODES.objectNode();
        }
        return new GeminiSchemaConverter(schema).node(schema, 0);
    }

    private ObjectNode node(JsonNode in, int refDepth) {
        if (in == null || !in.isObject()) {
            return NODES.objectNode();
        }
        JsonNode ref = in.get("$ref");
        if (ref != null && ref.isTextual()) {
            return inlineRef(in, ref.asText(), refDepth);
        }
        JsonNode allOf = in.get("allOf");
        if (allOf != null && allOf.isArray() && !allOf.isEmpty()) {
            return node(mergeAllOf(in, (ArrayNode) allOf, refDepth), refDepth + 1);
        }
        ObjectNode out = NODES.objectNode();
        copyScalars(in, out);
        List<String> types = types(in);
        boolean nullable = types.remove("null") || in.path("nullable").asBoolean(false);
        JsonNode union = in.has("anyOf") ? in.get("anyOf") : in.get("oneOf");
        if (union != null && union.isArray()) {
            nullable |= addUnion(out, (ArrayNode) union, refDepth);
        }
        if (types.size() > 1) {
            // several non-null types: one branch per type, each with the keywords that belong to it
            ArrayNode branches = out.withArray("anyOf");
            for (String type : types) {
                ObjectNode branch = NODES.objectNode();
                addTyped(in, type, branch, refDepth);
                branches.add(branch);
            }
        } else {
            String type = types.isEmpty() ? impliedType(in) : types.get(0);
            addTyped(in, type, out, refDepth);
        }
        if (nullable) {
            out.put("nullable", true);
        } else {
            out.remove("nullable");
        }
        return out;
    }

    /** The type-specific keywords: type, format, enum, properties/required (objects), items (arrays). */
    private void addTyped(JsonNode in, String type, ObjectNode out, int refDepth) {
        if (type != null) {
            out.put("type", type);
        }
        addEnum(in, type, out);
        String format = in.path("format").asText(null);
        if (format != null && allowedFormat(type, format)) {
            out.put("format", format);
        }
        if ("object".equals(type)) {
            addProperties(in, out, refDepth);
        } else if ("array".equals(type)) {
            JsonNode items = in.get("items");
            if (items != null && items.isArray()) {
                // tuple form: Gemini has one items schema; the tuple's first entry is the closest it can say
                items = items.isEmpty() ? null : items.get(0);
            }
            if (items != null && items.isObject()) {
                out.set("items", node(items, refDepth));
            }
        }
    }

    private void addProperties(JsonNode in, ObjectNode out, int refDepth) {
        JsonNode properties = in.get("properties");
        if (properties == null || !properties.isObject() || properties.isEmpty()) {
            return; // a free-form object: Gemini rejects an empty properties map but takes a bare object type
        }
        ObjectNode converted = out.putObject("properties");
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            converted.set(field.getKey(), node(field.getValue(), refDepth));
        }
        JsonNode required = in.get("required");
        if (required != null && required.isArray()) {
            ArrayNode kept = NODES.arrayNode();
            for (JsonNode name : required) {
                if (name.isTextual() && converted.has(name.asText())) {
                    kept.add(name.asText());
                }
            }
            if (!kept.isEmpty()) {
                out.set("required", kept);
            }
        }
    }

    /** {@code const} becomes a one-value enum. Gemini's enum holds strings: other values are listed in the description. */
    private static void addEnum(JsonNode in, String type, ObjectNode out) {
        ArrayNode values = NODES.arrayNode();
        if (in.has("const")) {
            values.add(in.get("const"));
        } else if (in.path("enum").isArray()) {
            values.addAll((ArrayNode) in.get("enum"));
        }
        if (values.isEmpty()) {
            return;
        }
        boolean allStrings = true;
        for (JsonNode value : values) {
            allStrings &= value.isTextual();
        }
        if (allStrings && (type == null || "string".equals(type))) {
            if (type == null) {
                out.put("type", "string");
            }
            out.set("enum", values);
            return;
        }
        List<String> listed = new ArrayList<>();
        for (JsonNode value : values) {
            if (!value.isNull()) {
                listed.add(value.toString());
            }
        }
        if (!listed.isEmpty()) {
            String description = out.path("description").asText("");
            out.put("description", (description.isEmpty() ? "" : description + " ")
                    + "Allowed values: " + String.join(", ", listed) + ".");
        }
    }

    /** Adds the union's branches as {@code anyOf}; returns true when one of them only allowed null. */
    private boolean addUnion(ObjectNode out, ArrayNode union, int refDepth) {
        boolean nullable = false;
        List<ObjectNode> branches = new ArrayList<>();
        for (JsonNode branch : union) {
            if ("null".equals(branch.path("type").asText()) && branch.size() <= 2) {
                nullable = true;
                continue;
            }
            branches.add(node(branch, refDepth));
        }
        if (branches.size() == 1) {
            // a single remaining branch is the schema itself (the common "X or null" shape)
            ObjectNode only = branches.get(0);
            String description = out.path("description").asText(null);
            only.fields().forEachRemaining(e -> {
                if (!out.has(e.getKey())) {
                    out.set(e.getKey(), e.getValue());
                }
            });
            if (description != null) {
                out.put("description", description);
            }
        } else if (!branches.isEmpty()) {
            out.putArray("anyOf").addAll(branches);
        }
        return nullable;
    }

    private static void copyScalars(JsonNode in, ObjectNode out) {
        Iterator<Map.Entry<String, JsonNode>> fields = in.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (SCALAR_KEYWORDS.contains(field.getKey()) && !field.getValue().isObject()) {
                out.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    /** The schema's non-null and null types, in order; an absent type gives an empty list. */
    private static List<String> types(JsonNode in) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = in.get("type");
        if (type != null && type.isTextual()) {
            types.add(type.asText());
        } else if (type != null && type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        }
        return new ArrayList<>(types);
    }

    /** JSON Schema lets the type go unsaid when other keywords imply it; Gemini needs it said. */
    private static String impliedType(JsonNode in) {
        if (in.has("properties") || in.has("required")) {
            return "object";
        }
        if (in.has("items")) {
            return "array";
        }
        return null;
    }

    private static boolean allowedFormat(String type, String format) {
        if ("string".equals(type)) {
            return STRING_FORMATS.contains(format);
        }
        if ("number".equals(type)) {
            return NUMBER_FORMATS.contains(format);
        }
        if ("integer".equals(type)) {
            return INTEGER_FORMATS.contains(format);
        }
        return false;
    }

    // ---- $ref and allOf --------------------------------------------------------------------------------------

    private ObjectNode inlineRef(JsonNode in, String ref, int refDepth) {
        JsonNode target = ref.startsWith("#") ? root.at(ref.substring(1)) : null;
        if (target == null || !target.isObject() || refDepth >= MAX_REF_DEPTH) {
            ObjectNode fallback = NODES.objectNode();
            fallback.put("type", "object");
            copyScalars(in, fallback);
            return fallback;
        }
        ObjectNode merged = ((ObjectNode) target).deepCopy();
        // keywords next to a $ref (a description, most often) apply as well and win over the target's
        in.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("$ref")) {
                merged.set(e.getKey(), e.getValue());
            }
        });
        return node(merged, refDepth + 1);
    }

    /** {@code allOf}: every branch must hold, so their properties and required names are united. */
    private ObjectNode mergeAllOf(JsonNode in, ArrayNode allOf, int refDepth) {
        ObjectNode merged = ((ObjectNode) in).deepCopy();
        merged.remove("allOf");
        for (JsonNode branch : allOf) {
            String ref = branch.path("$ref").asText("");
            if (ref.startsWith("#") && refDepth < MAX_REF_DEPTH) {
                branch = root.at(ref.substring(1));
            }
            if (!branch.isObject() || branch.has("$ref")) {
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = branch.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (key.equals("properties") && value.isObject()) {
                    ObjectNode properties = merged.has("properties") && merged.get("properties").isObject()
                            ? (ObjectNode) merged.get("properties") : merged.putObject("properties");
                    value.fields().forEachRemaining(p -> properties.set(p.getKey(), p.getValue()));
                } else if (key.equals("required") && value.isArray()) {
                    ArrayNode required = merged.has("required") && merged.get("required").isArray()
                            ? (ArrayNode) merged.get("required") : merged.putArray("required");
                    value.forEach(name -> {
                        if (!contains(required, name)) {
                            required.add(name);
                        }
                    });
                } else if (!merged.has(key)) {
                    merged.set(key, value);
                }
            }
        }
        return merged;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
