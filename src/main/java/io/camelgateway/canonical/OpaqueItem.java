package io.camelgateway.canonical;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An item type the gateway does not translate ({@code local_shell_call}, {@code compaction}, ...):
 * kept verbatim for OpenAI, dropped with a log line for other providers.
 */
public record OpaqueItem(String type, ObjectNode raw) implements Item {
}
