package io.camelgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.responses.ResponsesItemEncoder;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.CustomToolCallOutput;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.OpaqueItem;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.json.Json;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamEndpoint;
import io.camelgateway.provider.UpstreamRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Canonical turn → {@code POST /responses}, stateless ({@code store: false}, the whole history inline). Items are
 * rendered by the Responses client API's own encoder, then trimmed to what OpenAI accepts as input: item ids are
 * left out (OpenAI checks their prefixes and looks stored ones up), except a reasoning item's own {@code rs_} id.
 */
public final class OpenAiResponsesRequestMapper {

    public static final String PATH = "/responses";
    /** The Responses API refuses {@code max_output_tokens} below this. */
    static final int MIN_OUTPUT_TOKENS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiResponsesRequestMapper.class);

    public UpstreamRequest map(TurnContext context) {
        return map(context, UpstreamEndpoint.OPENAI);
    }

    public UpstreamRequest map(TurnContext context, UpstreamEndpoint endpoint) {
        ProviderTarget target = context.target();
        Map<String, String> headers = new LinkedHashMap<>();
        endpoint.authorize(headers, target);
        headers.put("content-type", "application/json");
        headers.put("accept", context.request().stream() ? "text/event-stream" : "application/json");
        String organization = target.options().organization();
        if (organization != null) {
            headers.put("openai-organization", organization);
        }
        return new UpstreamRequest(endpoint.path(PATH, target), headers, Json.bytes(body(context)));
    }

    /** The request body; package-visible so tests can assert on the tree. */
    ObjectNode body(TurnContext context) {
        TurnRequest request = context.request();
        ObjectNode body = Json.object();
        body.put("model", context.target().upstreamModel());
        if (request.instructions() != null && !request.instructions().isBlank()) {
            body.put("instructions", request.instructions());
        }
        body.set("input", input(request.input(), context.tools()));
        ArrayNode tools = OpenAiResponsesToolMapper.tools(request.tools(), context.tools());
        if (!tools.isEmpty()) {
            body.set("tools", tools);
            JsonNode choice = OpenAiResponsesToolMapper.toolChoice(request.toolChoice(), context.tools());
            if (choice != null) {
                body.set("tool_choice", choice);
            }
        }
        if (request.parallelToolCalls() != null) {
            body.put("parallel_tool_calls", request.parallelToolCalls());
        }
        boolean reasoning = putReasoning(body, request.reasoning());
        if (request.maxOutputTokens() != null && request.maxOutputTokens() > 0) {
            body.put("max_output_tokens", Math.max(MIN_OUTPUT_TOKENS, request.maxOutputTokens()));
        }
        // reasoning models refuse sampling parameters
        if (!reasoning) {
            if (request.temperature() != null) {
                body.put("temperature", request.temperature());
            }
            if (request.topP() != null) {
                body.put("top_p", request.topP());
            }
        }
        if (request.textFormat() != null && request.textFormat().isObject()) {
            body.putObject("text").set("format", request.textFormat());
        }
        if (!request.stop().isEmpty()) {
            LOG.debug("stop sequences left out: the Responses API has none");
        }
        if (request.promptCacheKey() != null && !request.promptCacheKey().isBlank()) {
            // routes the turn to the machine holding this conversation's cached prefix
            body.put("prompt_cache_key", request.promptCacheKey());
        }
        // the gateway is stateless: every turn carries its whole history, and nothing is kept at OpenAI
        body.put("store", false);
        body.put("stream", request.stream());
        return body;
    }

    /**
     * True when reasoning is on: its encrypted content is then asked for, to replay it on the next turn (asked of a
     * model without reasoning, OpenAI would refuse it). Effort {@code none} leaves the model's default: not every
     * reasoning model accepts it. A summary is asked for unless the client turned it off.
     */
    private static boolean putReasoning(ObjectNode body, ReasoningEffort effort) {
        if (effort == null || effort.effort() == null || "none".equals(effort.effort())) {
            return false;
        }
        ObjectNode reasoning = body.putObject("reasoning").put("effort", effort.effort());
        if (!"none".equals(effort.summary())) {
            reasoning.put("summary", effort.summary() == null ? "auto" : effort.summary());
        }
        body.putArray("include").add("reasoning.encrypted_content");
        return true;
    }

    static ArrayNode input(List<Item> items, ToolNameMap names) {
        ArrayNode out = Json.array();
        for (Item item : items) {
            ObjectNode node = inputItem(item, names);
            if (node != null) {
                out.add(node);
            }
        }
        return out;
    }

    /** One history item as OpenAI input, or null when OpenAI could not take it. */
    private static ObjectNode inputItem(Item item, ToolNameMap names) {
        if (item instanceof OpaqueItem opaque) {
            return opaque.raw().deepCopy();
        }
        if (item instanceof Reasoning r) {
            return reasoning(r);
        }
        Item shaped = item;
        if (item instanceof Message m) {
            shaped = message(m);
            if (shaped == null) {
                return null;
            }
        } else if (item instanceof FunctionCall f) {
            String name = f.namespace() == null ? names.wireName(null, f.name()) : f.name();
            shaped = new FunctionCall(null, f.callId(), f.namespace(), name, f.arguments());
        } else if (item instanceof CustomToolCall c) {
            shaped = new CustomToolCall(null, c.callId(), names.wireName(null, c.name()), c.input());
        } else if (item instanceof FunctionCallOutput o) {
            shaped = new FunctionCallOutput(o.callId(), toolOutput(o.output()));
        } else if (item instanceof CustomToolCallOutput o) {
            shaped = new CustomToolCallOutput(o.callId(), toolOutput(o.output()));
        }
        ObjectNode node = ResponsesItemEncoder.encode(shaped, "completed");
        node.remove("id");
        node.remove("status");
        return node;
    }

    /**
     * Only reasoning OpenAI made can go back: with {@code store: false} it is replayed from its encrypted content,
     * so an item without one, or with another provider's blocks in the gateway's envelope, is left out.
     */
    private static ObjectNode reasoning(Reasoning r) {
        String encrypted = r.encryptedContent();
        if (encrypted == null || encrypted.isBlank() || ReasoningEnvelope.isGatewayEnvelope(encrypted)) {
            LOG.debug("left out a reasoning item OpenAI cannot replay ({})",
                    encrypted == null || encrypted.isBlank() ? "no encrypted content" : "another provider's");
            return null;
        }
        ObjectNode node = ResponsesItemEncoder.encode(new Reasoning(r.id(), r.summary(), List.of(), encrypted), "completed");
        if (r.id() == null || !r.id().startsWith("rs_")) {
            node.remove("id");
        }
        return node;
    }

    /** Text parts typed for the role (output text for the assistant, input text otherwise); assistant images dropped. */
    private static Message message(Message m) {
        boolean assistant = m.role() == Role.ASSISTANT;
        List<ContentPart> parts = new ArrayList<>(m.content().size());
        for (ContentPart part : m.content()) {
            if (part instanceof ContentPart.Text t) {
                parts.add(new ContentPart.Text(t.text(), assistant));
            } else if (!assistant) {
                parts.add(inputPart(part));
            } else {
                LOG.debug("left out a non-text part of an assistant message: OpenAI takes only text there");
            }
        }
        return parts.isEmpty() ? null : new Message(null, m.role(), parts);
    }

    /** Tool outputs are input content: text parts typed {@code input_text}, never null. */
    private static ToolOutput toolOutput(ToolOutput output) {
        if (output == null) {
            return ToolOutput.ofText("");
        }
        if (output.isText()) {
            return output.text() == null ? ToolOutput.ofText("") : output;
        }
        List<ContentPart> parts = new ArrayList<>(output.parts().size());
        for (ContentPart part : output.parts()) {
            parts.add(part instanceof ContentPart.Text t ? new ContentPart.Text(t.text(), false) : inputPart(part));
        }
        return ToolOutput.ofParts(parts);
    }

    /**
     * An image without a detail level gets {@code auto}, the API's own default, stated; an inline file without a
     * name gets one, which OpenAI requires of inline file data.
     */
    private static ContentPart inputPart(ContentPart part) {
        if (part instanceof ContentPart.Image image && image.detail() == null) {
            return new ContentPart.Image(image.url(), "auto");
        }
        if (part instanceof ContentPart.File file && file.fileData() != null && file.filename() == null) {
            String name = file.fileData().startsWith("data:application/pdf") ? "document.pdf" : "document";
            return new ContentPart.File(name, file.fileData(), file.fileUrl());
        }
        return part;
    }
}
