package io.camelgateway.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.json.Json;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Azure's encrypted reasoning apart from everyone else's. Azure runs OpenAI's models but encrypts reasoning
 * with its own keys: content OpenAI's platform made (raw {@code gAAAA…}, indistinguishable from Azure's by looks)
 * cannot be read by an Azure resource, nor Azure's by OpenAI. So reasoning Azure hands out reaches the client in the
 * gateway's envelope tagged {@code azure}; on the way up only those are unwrapped, and every other reasoning item
 * carrying encrypted content (OpenAI's raw content, another provider's envelope) is dropped.
 */
final class AzureReasoning {

    private static final Logger LOG = LoggerFactory.getLogger(AzureReasoning.class);
    private static final String ENCRYPTED = "encrypted_content";

    private AzureReasoning() {
    }

    /** A copy of a Responses body with Azure's own reasoning unwrapped and foreign reasoning left out. */
    static ObjectNode forAzure(ObjectNode body) {
        ObjectNode copy = body.deepCopy();
        if (!(copy.get("input") instanceof ArrayNode items)) {
            return copy;
        }
        for (int i = items.size() - 1; i >= 0; i--) {
            JsonNode item = items.get(i);
            String encrypted = Json.str(item, ENCRYPTED);
            if (!"reasoning".equals(Json.str(item, "type")) || encrypted == null) {
                continue;
            }
            JsonNode own = ReasoningEnvelope.unwrap(AzureOpenAiCodec.PROTOCOL, encrypted);
            if (own != null && own.isTextual()) {
                ((ObjectNode) item).put(ENCRYPTED, own.asText());
            } else {
                items.remove(i);
                LOG.debug("dropped a reasoning item Azure did not make before forwarding to Azure");
            }
        }
        return copy;
    }

    /** One JSON payload of Azure's answer with its reasoning's encrypted content tagged as Azure's. */
    static String tagged(String json) {
        if (!json.contains("\"" + ENCRYPTED + "\"")) {
            return json;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            return tag(root) ? Json.MAPPER.writeValueAsString(root) : json;
        } catch (Exception e) {
            return json;
        }
    }

    /** Tags every reasoning item in the tree; true when one changed. */
    private static boolean tag(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            String encrypted = Json.str(object, ENCRYPTED);
            if ("reasoning".equals(Json.str(object, "type")) && encrypted != null
                    && !ReasoningEnvelope.isGatewayEnvelope(encrypted)) {
                object.put(ENCRYPTED, ReasoningEnvelope.wrap(AzureOpenAiCodec.PROTOCOL, TextNode.valueOf(encrypted)));
                changed = true;
            }
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                changed |= tag(field.getValue());
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                changed |= tag(element);
            }
        }
        return changed;
    }
}
