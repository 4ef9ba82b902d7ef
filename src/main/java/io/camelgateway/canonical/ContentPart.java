package io.camelgateway.canonical;

/** A piece of message or tool-output content. */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image, ContentPart.File {

    /** {@code input_text} or {@code output_text}; {@code refusal} is kept as output text. */
    record Text(String text, boolean output) implements ContentPart {
    }

    /** An image given as a URL or a {@code data:} URI; {@code detail} may be null. */
    record Image(String url, String detail) implements ContentPart {
        public boolean isDataUri() {
            return url != null && url.startsWith("data:");
        }

        /** The media type of a data URI, e.g. {@code image/png}; null for plain URLs. */
        public String mediaType() {
            if (!isDataUri()) {
                return null;
            }
            int semi = url.indexOf(';');
            int comma = url.indexOf(',');
            int end = semi > 0 && semi < comma ? semi : comma;
            return end > 5 ? url.substring(5, end) : null;
        }

        /** The base64 payload of a data URI; null for plain URLs. */
        public String base64Data() {
            if (!isDataUri()) {
                return null;
            }
            int comma = url.indexOf(',');
            return comma < 0 ? "" : url.substring(comma + 1);
        }
    }

    /** A file input ({@code input_file}); carried for providers that take documents. */
    record File(String filename, String fileData, String fileUrl) implements ContentPart {
    }

    static Text text(String text) {
        return new Text(text, false);
    }
}
