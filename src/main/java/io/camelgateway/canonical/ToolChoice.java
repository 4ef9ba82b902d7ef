package io.camelgateway.canonical;

/** {@code auto}, {@code none}, {@code required}, or one named tool. */
public record ToolChoice(Mode mode, String toolName) {

    public enum Mode { AUTO, NONE, REQUIRED, NAMED }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    public static ToolChoice named(String name) {
        return new ToolChoice(Mode.NAMED, name);
    }
}
