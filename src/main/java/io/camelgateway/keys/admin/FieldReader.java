package io.camelgateway.keys.admin;

import static io.camelgateway.keys.admin.AdminRequest.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.json.Json;
import io.camelgateway.keys.Budget;
import io.camelgateway.keys.Limits;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Reads and checks the fields of a key or team request; every problem is a 400 naming the field. */
final class FieldReader {

    static final int MAX_TEXT = 200;
    static final int MAX_MODELS = 100;
    static final int MAX_METADATA_BYTES = 8 * 1024;

    private FieldReader() {
    }

    static void onlyKnown(ObjectNode object, Set<String> known, String prefix) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw invalid("Unknown field '" + prefix + name + "'. Known fields: " + String.join(", ",
                        known.stream().sorted().toList()) + ".", prefix + name);
            }
        }
    }

    /** A non-blank string of at most {@value #MAX_TEXT} characters, or null when the field is JSON null. */
    static String text(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid("'" + field + "' must be a non-empty string.", field);
        }
        if (value.asText().length() > MAX_TEXT) {
            throw invalid("'" + field + "' must be at most " + MAX_TEXT + " characters.", field);
        }
        return value.asText().trim();
    }

    static List<String> models(JsonNode value) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid("'models' must be an array of model names or globs (e.g. [\"anthropic/*\", \"auto\"]).",
                    "models");
        }
        if (value.size() > MAX_MODELS) {
            throw invalid("'models' may list at most " + MAX_MODELS + " entries.", "models");
        }
        List<String> models = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            models.add(text(value.get(i) == null || value.get(i).isNull() ? Json.NODES.textNode("") : value.get(i),
                    "models[" + i + "]"));
        }
        return models;
    }

    static Budget budget(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid("'budget' must be an object such as {\"usd\": 50, \"period\": \"month\"}.", "budget");
        }
        onlyKnown((ObjectNode) value, Set.of("usd", "period"), "budget.");
        JsonNode usd = value.get("usd");
        if (usd == null || !usd.isNumber() || usd.decimalValue().signum() < 0
                || usd.decimalValue().compareTo(new BigDecimal("1000000000")) > 0) {
            throw invalid("'budget.usd' must be a number from 0 to 1000000000.", "budget.usd");
        }
        JsonNode period = value.get("period");
        Budget.Period parsed = period == null || period.isNull() ? Budget.Period.MONTH
                : period.isTextual() ? Budget.Period.parse(period.asText()) : null;
        if (parsed == null) {
            throw invalid("'budget.period' must be one of day, week, month.", "budget.period");
        }
        return new Budget(usd.decimalValue().stripTrailingZeros(), parsed);
    }

    static Limits limits(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid("'limits' must be an object such as {\"rpm\": 60, \"tpm\": 200000}.", "limits");
        }
        onlyKnown((ObjectNode) value, Set.of("rpm", "tpm"), "limits.");
        Long rpm = positiveWhole(value.get("rpm"), "limits.rpm", Integer.MAX_VALUE);
        Long tpm = positiveWhole(value.get("tpm"), "limits.tpm", Long.MAX_VALUE);
        return rpm == null && tpm == null ? null : new Limits(rpm == null ? null : rpm.intValue(), tpm);
    }

    private static Long positiveWhole(JsonNode value, String field, long max) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1 || value.asLong() > max) {
            throw invalid("'" + field + "' must be a whole number of at least 1.", field);
        }
        return value.asLong();
    }

    static Instant time(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("'" + field + "' must be an ISO-8601 time such as 2027-01-01T00:00:00Z.", field);
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("'" + field + "' must be an ISO-8601 time with an offset, such as 2027-01-01T00:00:00Z.",
                    field);
        }
    }

    static boolean flag(JsonNode value, String field) {
        if (value == null || !value.isBoolean()) {
            throw invalid("'" + field + "' must be true or false.", field);
        }
        return value.booleanValue();
    }

    static ObjectNode metadata(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid("'metadata' must be a JSON object.", "metadata");
        }
        if (Json.bytes(value).length > MAX_METADATA_BYTES) {
            throw invalid("'metadata' must be at most " + MAX_METADATA_BYTES + " bytes of JSON.", "metadata");
        }
        return (ObjectNode) value;
    }
}
