package io.camelgateway.canonical;

/**
 * A call of a JSON-schema function tool. {@code arguments} is the raw JSON text the model produced;
 * {@code namespace} is set when the tool came from a {@code namespace} group.
 */
public record FunctionCall(String id, String callId, String namespace, String name, String arguments) implements Item {
    @Override
    public String type() {
        return "function_call";
    }
}
