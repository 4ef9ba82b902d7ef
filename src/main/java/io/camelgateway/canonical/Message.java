package io.camelgateway.canonical;

import java.util.List;

public record Message(String id, Role role, List<ContentPart> content) implements Item {

    public Message {
        content = List.copyOf(content);
    }

    public static Message text(Role role, String text) {
        return new Message(null, role, List.of(new ContentPart.Text(text, role == Role.ASSISTANT)));
    }

    /** All text parts joined with blank lines; images are skipped. */
    public String joinedText() {
        StringBuilder out = new StringBuilder();
        for (ContentPart part : content) {
            if (part instanceof ContentPart.Text t) {
                if (out.length() > 0) {
                    out.append("\n\n");
                }
                out.append(t.text());
            }
        }
        return out.toString();
    }

    @Override
    public String type() {
        return "message";
    }
}
