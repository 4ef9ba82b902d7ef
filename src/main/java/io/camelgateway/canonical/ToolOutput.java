package io.camelgateway.canonical;

import java.util.List;

/** What a tool returned: plain text, or a list of parts (Codex's {@code view_image} returns images). */
public record ToolOutput(String text, List<ContentPart> parts) {

    public static ToolOutput ofText(String text) {
        return new ToolOutput(text, null);
    }

    public static ToolOutput ofParts(List<ContentPart> parts) {
        return new ToolOutput(null, List.copyOf(parts));
    }

    public boolean isText() {
        return parts == null;
    }

    /** The text of the output, with the text parts joined when it is a list. */
    public String asText() {
        if (parts == null) {
            return text == null ? "" : text;
        }
        StringBuilder out = new StringBuilder();
        for (ContentPart part : parts) {
            if (part instanceof ContentPart.Text t) {
                out.append(t.text());
            }
        }
        return out.toString();
    }
}
