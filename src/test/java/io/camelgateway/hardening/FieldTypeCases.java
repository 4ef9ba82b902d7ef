package io.camelgateway.hardening;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.hardening.CorpusCase.Expect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wrongly typed fields of both client APIs, read from {@code hardening/wrong-types.txt}: each line patches a valid
 * base request and must be refused with 400 naming the field. Every line runs against a translated (Anthropic) and
 * a passed-through (OpenAI) model; the unpatched bases are included as controls that must be served.
 */
final class FieldTypeCases {

    static final String ANTHROPIC_MODEL = "anthropic/claude-corpus";
    static final String OPENAI_MODEL = "openai/gpt-corpus";
    private static final Path DIR = Path.of("src/test/resources/hardening");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DELETE = "<delete>";

    private FieldTypeCases() {
    }

    static List<CorpusCase> all() {
        List<CorpusCase> cases = new ArrayList<>();
        for (String model : List.of(ANTHROPIC_MODEL, OPENAI_MODEL)) {
            for (String api : List.of("responses", "chat")) {
                for (boolean stream : List.of(false, true)) {
                    ObjectNode control = base(api, model);
                    control.put("stream", stream);
                    cases.add(CorpusCase.of("control: valid " + api + " base, stream=" + stream + " → " + model,
                            RawRequest.postJson(path(api), control.toString()), Expect.served()));
                }
            }
        }
        for (String line : lines()) {
            String[] parts = line.split("\\|");
            String api = parts[0].trim();
            boolean patchesModel = line.contains("/model ");
            for (String model : patchesModel ? List.of(ANTHROPIC_MODEL) : List.of(ANTHROPIC_MODEL, OPENAI_MODEL)) {
                ObjectNode body = base(api, model);
                StringBuilder name = new StringBuilder(api);
                String lastPointer = null;
                for (int i = 1; i + 1 < parts.length; i += 2) {
                    lastPointer = parts[i].trim();
                    String value = parts[i + 1].trim();
                    patch(body, lastPointer, value);
                    name.append(' ').append(lastPointer).append('=').append(value);
                }
                if (!patchesModel) {
                    name.append(" → ").append(model.substring(0, model.indexOf('/')));
                }
                cases.add(CorpusCase.of(name.toString(), RawRequest.postJson(path(api), body.toString()),
                        Expect.badField(fieldName(lastPointer))));
            }
        }
        return cases;
    }

    static String path(String api) {
        return "responses".equals(api) ? "/v1/responses" : "/v1/chat/completions";
    }

    /** The valid base request of {@code api} for {@code model}. */
    static ObjectNode base(String api, String model) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(Files.readString(DIR.resolve(api + "-base.json")));
            body.put("model", model);
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines() {
        try {
            return Files.readAllLines(DIR.resolve("wrong-types.txt"), StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void patch(ObjectNode body, String pointer, String value) {
        JsonPointer path = JsonPointer.compile(pointer);
        JsonNode parent = body.at(path.head());
        String leaf = path.last().getMatchingProperty();
        JsonNode replacement = DELETE.equals(value) ? null : parse(value);
        if (parent instanceof ObjectNode object) {
            if (replacement == null) {
                object.remove(leaf);
            } else {
                object.set(leaf, replacement);
            }
        } else if (parent instanceof ArrayNode array) {
            int index = Integer.parseInt(leaf);
            if (replacement == null) {
                array.remove(index);
            } else {
                array.set(index, replacement);
            }
        } else {
            throw new IllegalArgumentException("wrong-types.txt: no parent for " + pointer);
        }
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("wrong-types.txt: not JSON: " + value, e);
        }
    }

    /** The name an error must mention: the last non-index segment of the pointer. */
    static String fieldName(String pointer) {
        String[] segments = pointer.substring(1).split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].chars().allMatch(Character::isDigit)) {
                return segments[i];
            }
        }
        return segments[0];
    }
}
