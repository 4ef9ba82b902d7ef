package io.camelgateway.provider.gemini;

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

/**
 * Google AI Studio's {@code GET /v1beta/models}: {@code {"models":[{"name":"models/gemini-2.5-pro",
 * "supportedGenerationMethods":["generateContent",…]},…]}}. Only models that can generate content are listed
 * (embedding and other models are not chat models); their ids lose the {@code models/} resource prefix.
 */
final class GeminiModelLister implements ModelLister {

    /** The API's largest page; one page covers every model AI Studio serves today. */
    private static final String PATH = "/v1beta/models?pageSize=1000";

    @Override
    public UpstreamRequest request(ProviderTarget target) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "application/json");
        if (target.apiKey() != null) {
            headers.put("x-goog-api-key", target.apiKey());
        }
        return new UpstreamRequest(PATH, headers, new byte[0]);
    }

    @Override
    public List<String> modelIds(byte[] body) {
        JsonNode models;
        try {
            models = Json.parse(body).get("models");
        } catch (IOException e) {
            throw new IllegalArgumentException("the model list is not JSON", e);
        }
        if (models == null || !models.isArray()) {
            throw new IllegalArgumentException("the model list has no models array");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode model : models) {
            String name = Json.str(model, "name");
            if (name != null && !name.isBlank() && generatesContent(model)) {
                ids.add(name.startsWith("models/") ? name.substring("models/".length()) : name);
            }
        }
        return ids;
    }

    private static boolean generatesContent(JsonNode model) {
        JsonNode methods = model.get("supportedGenerationMethods");
        if (methods == null || !methods.isArray()) {
            return true;
        }
        for (JsonNode method : methods) {
            if ("generateContent".equals(method.asText())) {
                return true;
            }
        }
        return false;
    }
}
