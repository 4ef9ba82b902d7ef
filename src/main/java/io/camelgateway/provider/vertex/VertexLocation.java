package io.camelgateway.provider.vertex;

import java.util.regex.Pattern;

/**
 * Where a Vertex AI model is reached: the project and region of the turn, and from them the model's method path
 * and the host. A base URL may hold {@code {region}}: the default {@code https://{region}-aiplatform.googleapis.com}
 * becomes {@code https://us-east5-aiplatform.googleapis.com}, or {@code https://aiplatform.googleapis.com} for the
 * region {@code global}.
 */
record VertexLocation(String project, String region) {

    static final String REGION_PLACEHOLDER = "{region}";
    static final String GLOBAL = "global";

    /** Model ids as Vertex spells them ({@code claude-sonnet-4-5@20250929}, {@code gemini-2.5-pro}). */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");

    static boolean isModelId(String model) {
        return model != null && MODEL_ID.matcher(model).matches();
    }

    /** {@code /v1/projects/{project}/locations/{region}/publishers/{publisher}/models/{model}:{method}}. */
    String methodPath(String publisher, String model, String method) {
        return "/v1/projects/" + project + "/locations/" + region + "/publishers/" + publisher + "/models/" + model
                + ":" + method;
    }

    /** The base URL with its {@code {region}} filled in. */
    String baseUrl(String template) {
        if (!template.contains(REGION_PLACEHOLDER)) {
            return template;
        }
        if (GLOBAL.equals(region)) {
            return template.replace(REGION_PLACEHOLDER + "-", "").replace(REGION_PLACEHOLDER, GLOBAL);
        }
        return template.replace(REGION_PLACEHOLDER, region);
    }
}
