package io.camelgateway.canonical;

/**
 * One entry of a turn's history or output, shaped like a Responses API item.
 * Client codecs and provider codecs translate to and from these; nothing else crosses between them.
 */
public sealed interface Item permits Message, FunctionCall, FunctionCallOutput, CustomToolCall,
        CustomToolCallOutput, Reasoning, ToolSearchCall, ToolSearchOutput, OpaqueItem {

    /** The Responses API {@code type} of this item. */
    String type();
}
