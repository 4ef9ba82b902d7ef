package io.camelgateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.CustomToolCallOutput;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.OpaqueItem;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolKind;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolRef;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.ToolSearchOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.provider.TurnContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The canonical history → Gemini {@code systemInstruction} and {@code contents}. Gemini wants roles {@code user} and
 * {@code model} alternating, each {@code functionCall} turn answered by the next user turn with one
 * {@code functionResponse} per call, in the calls' order, matched by function name (Gemini has no call ids on the
 * way in). Thought signatures are put back on exactly the parts that carried them; reasoning another provider made
 * is dropped.
 */
final class GeminiContentMapper {

    static final String INCOMPLETE_TOOL_RESULT = "Error: the tool call was not completed (no result was recorded).";
    /**
     * Gemini's documented value for a function call whose signature is not available (history from another
     * provider, or a client that does not keep reasoning, such as a Chat client): Gemini 3 rejects an unsigned first
     * call of a step in the current turn, and accepts this in its place.
     */
    static final String FOREIGN_CALL_SIGNATURE = "skip_thought_signature_validator";
    /** Call ids the gateway makes for Gemini's calls (Gemini has none of its own on the way in). */
    static final String CALL_ID_PREFIX = "call_gm_";

    private static final Logger LOG = LoggerFactory.getLogger(GeminiContentMapper.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern GEMINI_VERSION = Pattern.compile("^gemini-(\\d+)");

    private enum Kind { TEXT, THOUGHT, CALL, RESPONSE, MEDIA }

    private record Part(Kind kind, ObjectNode json, String callId) {
    }

    private static final class Content {
        final String role;
        final List<Part> parts = new ArrayList<>();

        Content(String role) {
            this.role = role;
        }
    }

    private final TurnContext context;
    private final String envelopeProtocol;
    private final StringBuilder system = new StringBuilder();
    private final List<Content> contents = new ArrayList<>();
    private final Map<String, String> wireNameByCallId = new HashMap<>();
    private final Map<String, String> signatureByCallId = new HashMap<>();

    private GeminiContentMapper(TurnContext context, String envelopeProtocol) {
        this.context = context;
        this.envelopeProtocol = envelopeProtocol;
    }

    /** The mapped conversation: the system text (may be empty) and the {@code contents}. */
    record Mapped(String system, ArrayNode contents) {
    }

    static Mapped map(TurnContext context, String envelopeProtocol) {
        GeminiContentMapper mapper = new GeminiContentMapper(context, envelopeProtocol);
        mapper.build();
        return new Mapped(mapper.system.toString(), mapper.finish());
    }

    private void build() {
        TurnRequest request = context.request();
        addSystemText(request.instructions());
        boolean conversationStarted = false;
        for (Item item : request.input()) {
            if (item instanceof Message m && m.role() != null && m.role().isInstruction()) {
                if (conversationStarted) {
                    addLateInstruction(m);
                } else {
                    addSystemText(m.joinedText());
                }
                continue;
            }
            conversationStarted |= !(item instanceof OpaqueItem);
            add(item);
        }
    }

    private void add(Item item) {
        if (item instanceof Message m) {
            addMessage(m);
        } else if (item instanceof FunctionCall call) {
            addCall(call.callId(), context.tools().wireName(call.namespace(), call.name()), parseObject(call.arguments()));
        } else if (item instanceof CustomToolCall call) {
            String wire = context.tools().register(new ToolRef(ToolKind.CUSTOM, null, call.name()));
            addCall(call.callId(), wire, NODES.objectNode().put("input", call.input() == null ? "" : call.input()));
        } else if (item instanceof ToolSearchCall call) {
            JsonNode args = call.arguments() != null && call.arguments().isObject() ? call.arguments() : NODES.objectNode();
            addCall(call.callId(), context.tools().toolSearchWireName(), args.deepCopy());
        } else if (item instanceof FunctionCallOutput out) {
            addResponse(out.callId(), out.output());
        } else if (item instanceof CustomToolCallOutput out) {
            addResponse(out.callId(), out.output());
        } else if (item instanceof ToolSearchOutput out) {
            addResponse(out.callId(), ToolOutput.ofText(foundToolsListing(out.tools())));
        } else if (item instanceof Reasoning reasoning) {
            addReasoning(reasoning);
        } else if (item instanceof OpaqueItem opaque) {
            LOG.info("Dropping history item of type {} (not representable for Gemini)", opaque.type());
        }
    }

    // ---- system instruction ------------------------------------------------------------------------------------

    private void addSystemText(String text) {
        if (text != null && !text.isBlank()) {
            if (system.length() > 0) {
                system.append("\n\n");
            }
            system.append(text);
        }
    }

    /** Instructions given mid-conversation stay where they were said, as user text (Gemini has one system instruction). */
    private void addLateInstruction(Message m) {
        String text = m.joinedText();
        if (!text.isBlank()) {
            add("user", new Part(Kind.TEXT, text("<system-reminder>\n" + text + "\n</system-reminder>"), null));
        }
    }

    // ---- messages ----------------------------------------------------------------------------------------------

    private void addMessage(Message m) {
        boolean model = m.role() == Role.ASSISTANT;
        for (ContentPart part : m.content()) {
            if (part instanceof ContentPart.Text t) {
                if (t.text() != null && !t.text().isEmpty()) {
                    add(model ? "model" : "user", new Part(Kind.TEXT, text(t.text()), null));
                }
            } else if (!model) {
                ObjectNode media = media(part);
                if (media != null) {
                    add("user", new Part(media.has("text") ? Kind.TEXT : Kind.MEDIA, media, null));
                }
            }
        }
    }

    /** An image or file as Gemini inline data; a part Gemini cannot take becomes a short note instead. */
    static ObjectNode media(ContentPart part) {
        if (part instanceof ContentPart.Image image) {
            if (image.isDataUri()) {
                return inlineData(image.mediaType() == null ? "image/png" : image.mediaType(), image.base64Data());
            }
            return image.url() == null || image.url().isBlank() ? null : text("[image: " + image.url() + "]");
        }
        if (part instanceof ContentPart.File file) {
            String data = file.fileData();
            if (data != null && data.startsWith("data:") && data.contains(";base64,")) {
                String mime = data.substring(5, data.indexOf(';'));
                return inlineData(mime, data.substring(data.indexOf(',') + 1));
            }
            return text("[file " + (file.filename() == null ? "" : file.filename()) + " omitted: unsupported type]");
        }
        return null;
    }

    private static ObjectNode inlineData(String mimeType, String base64) {
        ObjectNode part = NODES.objectNode();
        part.putObject("inlineData").put("mimeType", mimeType).put("data", base64);
        return part;
    }

    static ObjectNode text(String text) {
        return NODES.objectNode().put("text", text);
    }

    // ---- tool calls and their results --------------------------------------------------------------------------

    private void addCall(String callId, String wireName, ObjectNode args) {
        ObjectNode part = NODES.objectNode();
        part.putObject("functionCall").put("name", wireName).set("args", args);
        wireNameByCallId.put(callId, wireName);
        add("model", new Part(Kind.CALL, part, callId));
    }

    private void addResponse(String callId, ToolOutput output) {
        String name = wireNameByCallId.get(callId);
        int owner = modelContentOwning(callId);
        if (name == null || owner < 0) {
            LOG.debug("Dropping tool result for call {}: no matching tool call precedes it", callId);
            return;
        }
        if (owner + 1 == contents.size()) {
            contents.add(new Content("user"));
        }
        Content answer = contents.get(owner + 1);
        if (answer.parts.stream().anyMatch(p -> p.kind == Kind.RESPONSE && callId.equals(p.callId))) {
            LOG.debug("Dropping duplicate tool result for call {}", callId);
            return;
        }
        answer.parts.add(new Part(Kind.RESPONSE, functionResponse(name, output == null ? "" : output.asText(), false),
                callId));
        if (output != null && !output.isText()) {
            for (ContentPart part : output.parts()) {
                if (!(part instanceof ContentPart.Text)) {
                    ObjectNode media = media(part);
                    if (media != null) {
                        answer.parts.add(new Part(Kind.MEDIA, media, null));
                    }
                }
            }
        }
    }

    private static ObjectNode functionResponse(String name, String output, boolean error) {
        ObjectNode part = NODES.objectNode();
        ObjectNode response = part.putObject("functionResponse").put("name", name).putObject("response");
        response.put(error ? "error" : "output", output);
        return part;
    }

    private int modelContentOwning(String callId) {
        for (int i = contents.size() - 1; i >= 0; i--) {
            Content content = contents.get(i);
            if (content.role.equals("model")
                    && content.parts.stream().anyMatch(p -> p.kind == Kind.CALL && callId.equals(p.callId))) {
                return i;
            }
        }
        return -1;
    }

    private String foundToolsListing(List<ToolSpec> tools) {
        ArrayNode listing = NODES.arrayNode();
        for (ObjectNode declaration : GeminiToolMapper.declarations(context, tools).values()) {
            ObjectNode entry = listing.addObject();
            entry.put("name", declaration.path("name").asText());
            if (declaration.has("description")) {
                entry.put("description", declaration.path("description").asText());
            }
        }
        return "Tools found (now available to call): " + listing;
    }

    private static ObjectNode parseObject(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return NODES.objectNode();
        }
        try {
            JsonNode node = JSON.readTree(arguments);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (Exception e) {
            // fall through: keep the call, lose the broken arguments
        }
        LOG.debug("Tool call arguments are not a JSON object; sending an empty object instead");
        return NODES.objectNode();
    }

    // ---- reasoning: thought signatures -------------------------------------------------------------------------

    private void addReasoning(Reasoning reasoning) {
        List<GeminiSignatures.Signed> signed = GeminiSignatures.unwrap(envelopeProtocol, reasoning.encryptedContent());
        if (signed.isEmpty()) {
            LOG.debug("Dropping reasoning item that carries no {} thought signature", envelopeProtocol);
            return;
        }
        for (GeminiSignatures.Signed s : signed) {
            switch (s.on()) {
                case FUNCTION_CALL -> {
                    if (s.callId() != null) {
                        signatureByCallId.put(s.callId(), s.signature());
                    }
                }
                case TEXT -> signPreviousText(s.signature());
                case EMPTY_TEXT -> add("model", new Part(Kind.TEXT, signed(text(""), s.signature()), null));
                case THOUGHT -> {
                    ObjectNode thought = text(s.text() == null ? "" : s.text()).put("thought", true);
                    add("model", new Part(Kind.THOUGHT, signed(thought, s.signature()), null));
                }
                default -> {
                }
            }
        }
    }

    /** The signature of a text answer goes on that text, which is the model part just before the reasoning item. */
    private void signPreviousText(String signature) {
        Content last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        Part previous = last == null || !last.role.equals("model") || last.parts.isEmpty()
                ? null : last.parts.get(last.parts.size() - 1);
        if (previous != null && previous.kind == Kind.TEXT && !previous.json.has("thoughtSignature")) {
            signed(previous.json, signature);
        } else {
            LOG.debug("Dropping a thought signature whose text is no longer in the history");
        }
    }

    private static ObjectNode signed(ObjectNode part, String signature) {
        return part.put("thoughtSignature", signature);
    }

    // ---- assembly ----------------------------------------------------------------------------------------------

    private void add(String role, Part part) {
        if (contents.isEmpty() || !contents.get(contents.size() - 1).role.equals(role)) {
            contents.add(new Content(role));
        }
        contents.get(contents.size() - 1).parts.add(part);
    }

    private ArrayNode finish() {
        signCalls();
        answerEveryCall();
        ArrayNode out = NODES.arrayNode();
        if (contents.isEmpty() || contents.get(0).role.equals("model")) {
            // Gemini needs the conversation to start with the user; Codex always does, other clients may not
            ObjectNode start = out.addObject().put("role", "user");
            start.putArray("parts").add(text("(conversation start)"));
        }
        for (Content content : contents) {
            if (content.parts.isEmpty()) {
                continue;
            }
            ObjectNode node = out.addObject().put("role", content.role);
            ArrayNode parts = node.putArray("parts");
            content.parts.forEach(p -> parts.add(p.json));
        }
        return out;
    }

    /**
     * Puts each call's own signature back on it. A step of the current turn whose calls carry no signature (another
     * provider made them, or the client dropped the reasoning items) gets Gemini's documented placeholder on its
     * first call, for the models that demand one (Gemini 3 on); Gemini 3 signs every step it makes itself.
     */
    private void signCalls() {
        int currentTurnStart = currentTurnStart();
        boolean demandsSignedCalls = demandsSignedCalls(context.target().upstreamModel());
        for (int i = 0; i < contents.size(); i++) {
            Content content = contents.get(i);
            if (!content.role.equals("model")) {
                continue;
            }
            Part firstCall = null;
            boolean stepSigned = false;
            for (Part part : content.parts) {
                if (part.kind == Kind.CALL) {
                    String signature = signatureByCallId.get(part.callId);
                    if (signature != null) {
                        signed(part.json, signature);
                    }
                    stepSigned |= signature != null;
                    firstCall = firstCall == null ? part : firstCall;
                }
            }
            if (firstCall != null && !stepSigned && demandsSignedCalls && i > currentTurnStart) {
                signed(firstCall.json, FOREIGN_CALL_SIGNATURE);
            }
        }
    }

    /** Index of the last user content that is a real user message (not only tool results); -1 for none. */
    private int currentTurnStart() {
        for (int i = contents.size() - 1; i >= 0; i--) {
            Content content = contents.get(i);
            if (content.role.equals("user") && content.parts.stream().anyMatch(p -> p.kind != Kind.RESPONSE)) {
                return i;
            }
        }
        return -1;
    }

    /** Gemini 3 and later validate the signatures of the current turn's function calls; 1.x and 2.x do not. */
    static boolean demandsSignedCalls(String model) {
        Matcher m = GEMINI_VERSION.matcher(GeminiEndpoint.modelId(model));
        return m.find() && Integer.parseInt(m.group(1)) >= 3;
    }

    /**
     * Gemini rejects a function-call turn not followed by exactly one response per call: results are put first in
     * the calls' order, and a call Codex never answered (an aborted turn) gets an error result.
     */
    private void answerEveryCall() {
        for (int i = 0; i < contents.size(); i++) {
            Content content = contents.get(i);
            if (!content.role.equals("model")) {
                continue;
            }
            List<Part> calls = content.parts.stream().filter(p -> p.kind == Kind.CALL).toList();
            if (calls.isEmpty()) {
                continue;
            }
            if (i + 1 == contents.size()) {
                contents.add(new Content("user"));
            }
            Content answer = contents.get(i + 1);
            List<Part> ordered = new ArrayList<>();
            for (Part call : calls) {
                Part response = answer.parts.stream()
                        .filter(p -> p.kind == Kind.RESPONSE && call.callId.equals(p.callId)).findFirst().orElse(null);
                ordered.add(response != null ? response : new Part(Kind.RESPONSE,
                        functionResponse(call.json.path("functionCall").path("name").asText(), INCOMPLETE_TOOL_RESULT,
                                true), call.callId));
            }
            List<Part> rest = answer.parts.stream().filter(p -> p.kind != Kind.RESPONSE).toList();
            answer.parts.clear();
            answer.parts.addAll(ordered);
            answer.parts.addAll(rest);
        }
    }
}
