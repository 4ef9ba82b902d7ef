package io.camelgateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.provider.promptcache.BreakpointPlan;
import io.camelgateway.provider.promptcache.PrefixLength;
import io.camelgateway.provider.promptcache.PromptCachePolicy;
import java.util.List;
import java.util.Locale;

/**
 * Places Converse {@code cachePoint} blocks ({@code {"cachePoint": {"type": "default"}}}) after the stable prefix:
 * in {@code toolConfig.tools}, {@code system} and message content, as Bedrock takes them for Claude and Amazon Nova
 * (Nova caches no tools). Other models reject the block, so they get none. Cache points already present are counted.
 */
final class BedrockPromptCache {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A place after which a cache point goes: this array, after the element at this index. */
    private record Spot(ArrayNode array, int after) {
    }

    private BedrockPromptCache() {
    }

    static boolean supports(String modelId) {
        String id = modelId == null ? "" : modelId.toLowerCase(Locale.ROOT);
        return id.contains("anthropic.claude") || id.contains("amazon.nova");
    }

    static void apply(ObjectNode body, String modelId, PromptCachePolicy policy) {
        if (!policy.auto() || !supports(modelId)) {
            return;
        }
        boolean toolsCache = modelId.toLowerCase(Locale.ROOT).contains("anthropic.claude");
        long chars = 0;
        int present = 0;
        Spot tools = null;
        long toolsChars = 0;
        JsonNode toolArray = body.path("toolConfig").path("tools");
        for (int i = 0; i < toolArray.size(); i++) {
            chars += PrefixLength.chars(toolArray.get(i));
            present += toolArray.get(i).has("cachePoint") ? 1 : 0;
        }
        if (toolsCache && toolArray.size() > 0 && !toolArray.get(toolArray.size() - 1).has("cachePoint")) {
            tools = new Spot((ArrayNode) toolArray, toolArray.size() - 1);
            toolsChars = chars;
        }
        Spot system = null;
        long systemChars = 0;
        JsonNode systemArray = body.path("system");
        for (int i = 0; i < systemArray.size(); i++) {
            chars += PrefixLength.chars(systemArray.get(i));
            present += systemArray.get(i).has("cachePoint") ? 1 : 0;
        }
        if (systemArray.size() > 0 && !systemArray.get(systemArray.size() - 1).has("cachePoint")) {
            system = new Spot((ArrayNode) systemArray, systemArray.size() - 1);
            systemChars = chars;
        }
        JsonNode messages = body.path("messages");
        int last = messages.size() - 1;
        int lastAssistant = -1;
        for (int i = 0; i <= last; i++) {
            if ("assistant".equals(messages.get(i).path("role").asText())) {
                lastAssistant = i;
            }
        }
        int previousEnd = lastAssistant > 0 ? lastAssistant - 1 : -1;
        Spot newest = null;
        Spot previous = null;
        long newestChars = 0;
        long previousChars = 0;
        for (int i = 0; i <= last; i++) {
            JsonNode content = messages.get(i).path("content");
            for (JsonNode block : content) {
                chars += PrefixLength.chars(block);
                present += block.has("cachePoint") ? 1 : 0;
            }
            boolean endsWithPoint = content.size() > 0 && content.get(content.size() - 1).has("cachePoint");
            if (content.isArray() && content.size() > 0 && !endsWithPoint) {
                if (i == last) {
                    newest = new Spot((ArrayNode) content, content.size() - 1);
                    newestChars = chars;
                } else if (i == previousEnd) {
                    previous = new Spot((ArrayNode) content, content.size() - 1);
                    previousChars = chars;
                }
            }
        }
        List<Spot> chosen = new BreakpointPlan<Spot>()
                .offer(newest, newestChars)
                .offer(previous, previousChars)
                .offer(system, systemChars)
                .offer(tools, toolsChars)
                .choose(policy, modelId, present);
        for (Spot spot : chosen) {
            ObjectNode point = NODES.objectNode();
            point.putObject("cachePoint").put("type", "default");
            spot.array().insert(spot.after() + 1, point);
        }
    }
}
