package io.camelgateway.provider;

import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.TurnRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a provider codec needs across one turn: the canonical request, the target, the tool-name map used
 * to encode the request (the response side maps names back with it), and notes for the client (dropped tools).
 */
public final class TurnContext {

    private final TurnRequest request;
    private final ProviderTarget target;
    private final ToolNameMap tools;
    private final List<String> droppedTools = new ArrayList<>();

    public TurnContext(TurnRequest request, ProviderTarget target, ToolNameMap tools) {
        this.request = request;
        this.target = target;
        this.tools = tools;
    }

    public TurnRequest request() {
        return request;
    }

    public ProviderTarget target() {
        return target;
    }

    public ToolNameMap tools() {
        return tools;
    }

    /** Records a hosted tool that this provider cannot run; reported in {@code x-gateway-dropped-tools}. */
    public void dropTool(String type) {
        if (!droppedTools.contains(type)) {
            droppedTools.add(type);
        }
    }

    public List<String> droppedTools() {
        return List.copyOf(droppedTools);
    }
}
