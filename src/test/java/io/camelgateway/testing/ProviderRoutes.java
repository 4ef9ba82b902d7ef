package io.camelgateway.testing;

/** Provider route files as the tests write them into a gateway's {@code routes/} folder. */
public final class ProviderRoutes {

    private ProviderRoutes() {
    }

    /**
     * A route like the shipped ones. {@code options} is a test shorthand, {@code name=value} pairs separated by
     * commas; each pair becomes one parameter of the {@code llm-provider-action} kamelet.
     */
    public static String route(String name, String protocol, String baseUrl, String keyName, String options) {
        StringBuilder yaml = new StringBuilder()
                .append("- route:\n")
                .append("    id: provider-").append(name).append('\n')
                .append("    from:\n")
                .append("      uri: direct:provider-").append(name).append('\n')
                .append("      steps:\n")
                .append("        - to:\n")
                .append("            uri: kamelet:llm-provider-action\n")
                .append("            parameters:\n")
                .append("              protocol: ").append(protocol).append('\n')
                .append("              baseUrl: \"").append(baseUrl).append("\"\n")
                .append("              apiKeyName: ").append(keyName).append('\n');
        for (String pair : options.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                yaml.append("              ").append(pair.substring(0, eq).trim()).append(": \"")
                        .append(pair.substring(eq + 1).trim()).append("\"\n");
            }
        }
        return yaml.toString();
    }
}
