package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.CustomToolCallOutput;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.OpaqueItem;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.ToolSearchOutput;
import io.camelgateway.json.Json;

/** Renders canonical items as Responses API output items. */
public final class ResponsesItemEncoder {

    private ResponsesItemEncoder() {
    }

    /** {@code status} is {@code in_progress} for skeletons in {@code output_item.added}, else {@code completed}. */
    public static ObjectNode encode(Item item, String status) {
        ObjectNode out = Json.object();
        if (item instanceof Message m) {
            out.put("id", m.id()).put("type", "message").put("status", status).put("role", m.role().wire());
            ArrayNode content = out.putArray("content");
            for (ContentPart part : m.content()) {
                content.add(part(part));
            }
        } else if (item instanceof FunctionCall f) {
            out.put("id", f.id()).put("type", "function_call").put("status", status);
            if (f.namespace() != null) {
                out.put("namespace", f.namespace());
            }
            out.put("name", f.name()).put("arguments", f.arguments()).put("call_id", f.callId());
        } else if (item instanceof CustomToolCall c) {
            out.put("id", c.id()).put("type", "custom_tool_call").put("status", status)
                    .put("call_id", c.callId()).put("name", c.name()).put("input", c.input());
        } else if (item instanceof Reasoning r) {
            out.put("id", r.id()).put("type", "reasoning");
            ArrayNode summary = out.putArray("summary");
            for (String text : r.summary()) {
                summary.addObject().put("type", "summary_text").put("text", text);
            }
            if (!r.content().isEmpty()) {
                ArrayNode content = out.putArray("content");
                for (String text : r.content()) {
                    content.addObject().put("type", "reasoning_text").put("text", text);
                }
            }
            if (r.encryptedContent() != null) {
                out.put("encrypted_content", r.encryptedContent());
            }
        } else if (item instanceof ToolSearchCall t) {
            out.put("id", t.id()).put("type", "tool_search_call").put("status", status).put("call_id", t.callId())
                    .put("execution", t.execution() == null ? "client" : t.execution());
            out.set("arguments", t.arguments() == null ? Json.object() : t.arguments());
        } else if (item instanceof FunctionCallOutput o) {
            out.put("type", "function_call_output").put("call_id", o.callId());
            putOutput(out, o.output());
        } else if (item instanceof CustomToolCallOutput o) {
            out.put("type", "custom_tool_call_output").put("call_id", o.callId());
            putOutput(out, o.output());
        } else if (item instanceof ToolSearchOutput o) {
            out.put("type", "tool_search_output").put("call_id", o.callId()).put("execution", o.execution());
        } else if (item instanceof OpaqueItem o) {
            return o.raw().deepCopy();
        }
        return out;
    }

    private static void putOutput(ObjectNode out, ToolOutput output) {
        if (output.isText()) {
            out.put("output", output.text());
            return;
        }
        ArrayNode parts = out.putArray("output");
        for (ContentPart part : output.parts()) {
            parts.add(part(part));
        }
    }

    static ObjectNode part(ContentPart part) {
        ObjectNode out = Json.object();
        if (part instanceof ContentPart.Text t) {
            out.put("type", t.output() ? "output_text" : "input_text").put("text", t.text());
            if (t.output()) {
                out.putArray("annotations");
            }
        } else if (part instanceof ContentPart.Image i) {
            out.put("type", "input_image").put("image_url", i.url());
            if (i.detail() != null) {
                out.put("detail", i.detail());
            }
        } else if (part instanceof ContentPart.File f) {
            out.put("type", "input_file");
            if (f.filename() != null) {
                out.put("filename", f.filename());
            }
            if (f.fileData() != null) {
                out.put("file_data", f.fileData());
            }
            if (f.fileUrl() != null) {
                out.put("file_url", f.fileUrl());
            }
        }
        return out;
    }
}
