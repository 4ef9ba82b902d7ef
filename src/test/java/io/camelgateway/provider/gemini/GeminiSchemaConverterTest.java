package io.camelgateway.provider.gemini;

import static io.camelgateway.provider.gemini.GeminiFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.GeminiRequestValidator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiSchemaConverterTest {

    /** Every tool schema of a real Codex request (namespaces and additional_tools included) converts to a valid one. */
    @ParameterizedTest
    @ValueSource(strings = {"turn1-request-body.json", "turn2-request-body.json", "apply-patch-turn1-request-body.json",
            "apply-patch-turn2-request-body.json", "view-image-turn2-request-body.json"})
    void everyCodexToolSchemaConverts(String capture) {
        JsonNode body = json(new String(GeminiFixtures.resource("/codex-captures/" + capture)));
        List<JsonNode> schemas = new ArrayList<>();
        collect(body.path("tools"), schemas);
        for (JsonNode item : body.path("input")) {
            if ("additional_tools".equals(item.path("type").asText())) {
                collect(item.path("tools"), schemas);
            }
        }
        assertTrue(schemas.size() >= 6, "found " + schemas.size());
        for (JsonNode schema : schemas) {
            JsonNode converted = GeminiSchemaConverter.parameters(schema);
            if (converted == null) {
                assertTrue(schema.path("properties").isEmpty(), "only argument-less tools lose their schema: " + schema);
                continue;
            }
            assertNull(GeminiRequestValidator.validateSchema(converted, "parameters"), converted::toString);
            assertEquals(schema.path("properties").size(), converted.path("properties").size(), "no property lost");
            assertEquals(schema.path("required"), converted.path("required").isMissingNode()
                    ? schema.path("required") : converted.path("required"));
        }
    }

    private static void collect(JsonNode tools, List<JsonNode> out) {
        for (JsonNode tool : tools) {
            if (tool.has("parameters")) {
                out.add(tool.get("parameters"));
            }
            collect(tool.path("tools"), out);
        }
    }

    @Test
    void forbiddenKeywordsAreStrippedEverywhere() {
        JsonNode converted = GeminiSchemaConverter.convert(json("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
                + "\"type\":\"object\",\"strict\":true,\"additionalProperties\":false,\"properties\":{"
                + "\"nested\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"},\"properties\":{"
                + "\"x\":{\"type\":\"string\",\"format\":\"uri\",\"minLength\":1}}},"
                + "\"when\":{\"type\":\"string\",\"format\":\"date-time\"},"
                + "\"list\":{\"type\":\"array\",\"uniqueItems\":true,\"items\":{\"type\":\"integer\",\"format\":\"int64\"}}}}"));
        assertEquals("{\"type\":\"object\",\"properties\":{\"nested\":{\"type\":\"object\",\"properties\":{\"x\":"
                + "{\"minLength\":1,\"type\":\"string\"}}},\"when\":{\"type\":\"string\",\"format\":\"date-time\"},"
                + "\"list\":{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"format\":\"int64\"}}}}", converted.toString());
        assertNull(GeminiRequestValidator.validateSchema(converted, "s"));
    }

    @Test
    void typeArraysConstAndUnions() {
        assertEquals("{\"type\":\"string\",\"nullable\":true}",
                GeminiSchemaConverter.convert(json("{\"type\":[\"string\",\"null\"]}")).toString());
        assertEquals("{\"type\":\"string\",\"enum\":[\"fixed\"]}",
                GeminiSchemaConverter.convert(json("{\"const\":\"fixed\"}")).toString());
        assertEquals("{\"description\":\"Mode. Allowed values: 1, 2.\",\"type\":\"integer\"}",
                GeminiSchemaConverter.convert(json("{\"type\":\"integer\",\"enum\":[1,2],\"description\":\"Mode.\"}")).toString());
        assertEquals("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}",
                GeminiSchemaConverter.convert(json("{\"type\":[\"string\",\"number\"]}")).toString());
        assertEquals("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}],\"nullable\":true}",
                GeminiSchemaConverter.convert(json("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"},{\"type\":\"null\"}]}")).toString());
        assertEquals("{\"description\":\"A path.\",\"type\":\"string\",\"nullable\":true}",
                GeminiSchemaConverter.convert(json("{\"description\":\"A path.\",\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}")).toString());
        JsonNode nullableObject = GeminiSchemaConverter.convert(json("{\"type\":[\"object\",\"null\"],\"properties\":{\"a\":{\"type\":\"string\"}}}"));
        assertEquals("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"nullable\":true}", nullableObject.toString());
    }

    @Test
    void refsAreInlinedAndAllOfMerged() {
        JsonNode converted = GeminiSchemaConverter.convert(json("{\"type\":\"object\",\"$defs\":{"
                + "\"Point\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"}},\"required\":[\"x\"]},"
                + "\"Named\":{\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}},"
                + "\"properties\":{\"at\":{\"$ref\":\"#/$defs/Point\",\"description\":\"Where.\"},"
                + "\"both\":{\"allOf\":[{\"$ref\":\"#/$defs/Point\"},{\"$ref\":\"#/$defs/Named\"}]}}}"));
        assertEquals("{\"type\":\"object\",\"properties\":{"
                + "\"at\":{\"description\":\"Where.\",\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"}},\"required\":[\"x\"]},"
                + "\"both\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"},\"name\":{\"type\":\"string\"}},"
                + "\"required\":[\"x\",\"name\"]}}}", converted.toString());
        assertNull(GeminiRequestValidator.validateSchema(converted, "s"));
    }

    @Test
    void recursiveRefsEndAsPlainObjects() {
        JsonNode converted = GeminiSchemaConverter.convert(json("{\"$ref\":\"#/definitions/Node\",\"definitions\":{"
                + "\"Node\":{\"type\":\"object\",\"properties\":{\"child\":{\"$ref\":\"#/definitions/Node\"}}}}}"));
        assertNull(GeminiRequestValidator.validateSchema(converted, "s"), converted::toString);
        assertTrue(converted.toString().length() < 2000);
    }

    @Test
    void emptyObjectsAndRequiredWithoutProperty() {
        assertNull(GeminiSchemaConverter.parameters(json("{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}")),
                "a tool without arguments declares no parameters");
        JsonNode converted = GeminiSchemaConverter.convert(json("{\"type\":\"object\",\"properties\":{"
                + "\"meta\":{\"type\":\"object\"},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"t\"]}}},"
                + "\"required\":[\"meta\",\"ghost\"]}"));
        assertEquals("{\"type\":\"object\",\"properties\":{\"meta\":{\"type\":\"object\"},\"tags\":{\"type\":\"array\","
                + "\"items\":{\"type\":\"object\"}}},\"required\":[\"meta\"]}", converted.toString());
        JsonNode implied = GeminiSchemaConverter.convert(json("{\"properties\":{\"a\":{\"type\":\"string\"}}}"));
        assertEquals("object", implied.path("type").asText());
    }
}
