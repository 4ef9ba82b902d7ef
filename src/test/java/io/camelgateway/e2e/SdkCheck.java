package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code e2e/sdk-check.mjs} (the official {@code openai} npm SDK) against a gateway and returns what it saw. */
final class SdkCheck {

    private SdkCheck() {
    }

    /** Skips the test when the SDK is not installed under {@code e2e/node_modules}. */
    static void requireSdk() throws Exception {
        CodexCli.installClientsOnce();
        RequiredClients.require(Files.isDirectory(CodexCli.projectDir().resolve("e2e/node_modules/openai")),
                "openai npm SDK not installed under e2e/node_modules: run `npm ci --prefix e2e` (.ci/run does)");
    }

    /** Runs the script (60 s at most): chat checks go to {@code chatModel}, the Responses check to {@code responsesModel}. */
    static JsonNode run(String gatewayUrl, String chatModel, String responsesModel) throws Exception {
        Path project = CodexCli.projectDir();
        Path out = Files.createTempFile("sdk-check", ".out");
        ProcessBuilder builder = new ProcessBuilder(List.of("node", project.resolve("e2e/sdk-check.mjs").toString()))
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy")) {
            builder.environment().remove(proxy);
        }
        builder.environment().put("GATEWAY_URL", gatewayUrl);
        builder.environment().put("CHAT_MODEL", chatModel);
        builder.environment().put("RESPONSES_MODEL", responsesModel);
        Process node = builder.start();
        try {
            assertTrue(node.waitFor(60, TimeUnit.SECONDS), "sdk-check.mjs did not finish within 60 s");
        } finally {
            if (node.isAlive()) {
                CodexCli.kill(node);
            }
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        System.out.println(printed);
        assertEquals(0, node.exitValue(), printed);
        String last = printed.lines().filter(l -> l.startsWith("{")).reduce((x, y) -> y).orElse(null);
        assertTrue(last != null, "no JSON printed:\n" + printed);
        return E2eJson.parse(last);
    }
}
