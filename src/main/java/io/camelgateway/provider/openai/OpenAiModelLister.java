package io.camelgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.json.Json;
import io.camelgateway.provider.ModelLister;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.UpstreamRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /models} of an OpenAI-compatible server: {@code {"object":"list","data":[{"id":…},…]}}. */
public final class OpenAiModelLister implements ModelLister {

    @Override
    public UpstreamRequest request(ProviderTarget target) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "application/json");
        if (target.apiKey() != null) {
            headers.put("authorization", "Bearer " + target.apiKey());
        }
        return new UpstreamRequest("/models", headers, new byte[0]);
    }

    @Override
    public List<String> modelIds(byte[] body) {
        JsonNode data;
        try {
            data = Json.parse(body).get("data");
        } catch (IOException e) {
            throw new IllegalArgumentException("the model list is not JSON", e);
        }
        if (data == null || !data.isArray()) {
            throw new IllegalArgumentException("the model list has no data array");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode model : data) {
            String id = Json.str(model, "id");
            if (id != null && !id.isBlank()) {
                ids.add(id);
            }
        }
        return ids;
    }
}
