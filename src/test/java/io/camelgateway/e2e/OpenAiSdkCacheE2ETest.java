package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official {@code openai} npm SDK streams the same temperature-0 turn twice through the response cache
 * ({@code e2e/cache-check.mjs}): the second is a hit the SDK parses like the first, as a Responses stream (the
 * answer translated from Anthropic) and as a chat stream (relayed from an OpenAI-compatible host). Each fake upstream
 * has one answer scripted: a second upstream call would fail the turn.
 */
class OpenAiSdkCacheE2ETest {

    private FakeChatServer chat;
    private FakeAnthropicServer anthropic;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        SdkCheck.requireSdk();
        chat = FakeChatServer.start().requireApiKey("sk-local");
        anthropic = FakeAnthropicServer.start("sk-ant-cache");
        gateway = GatewayProcess.builder()
                .property("gateway.local.base-url", chat.baseUrl())
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.cache.enabled", "true")
                .env("LOCAL_API_KEY", "sk-local")
                .env("ANTHROPIC_API_KEY", "sk-ant-cache")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, chat, anthropic);
    }

    @Test
    @Timeout(240)
    void aSecondIdenticalStreamIsAHitTheSdkParses() throws Exception {
        anthropic.enqueue(FakeAnthropicServer.Reply.sse(new FakeAnthropicServer.SseBuilder().text("Let me look.")
                .toolUse("toolu_c1", "exec_command", "{\"cmd\":\"ls\"}").end("tool_use")));
        chat.enqueue(FakeChatServer.Reply.sse(FakeChatServer.stream().text("Sunny, ").text("22 C.").usage(12, 4).build()));

        JsonNode seen = run();
        JsonNode first = seen.path("responses").get(0);
        JsonNode second = seen.path("responses").get(1);
        assertEquals("miss", first.path("cache").asText(), seen.toString());
        assertEquals("hit", second.path("cache").asText(), seen.toString());
        for (JsonNode answer : List.of(first, second)) {
            List<String> types = texts(answer.path("types"));
            assertEquals("response.created", types.get(0), types.toString());
            assertEquals("response.completed", types.get(types.size() - 1), types.toString());
            assertEquals("completed", answer.path("status").asText());
            assertEquals("Let me look.", answer.path("text").asText());
            assertEquals("exec_command", answer.path("call").path("name").asText());
            assertEquals("{\"cmd\":\"ls\"}", answer.path("call").path("arguments").asText());
        }
        assertNotEquals(first.path("id").asText(), second.path("id").asText(), "a fresh response id");
        assertEquals(collapsed(texts(first.path("types"))), collapsed(texts(second.path("types"))),
                "the replay has the events of the translated stream (deltas may be split differently)");

        JsonNode chatFirst = seen.path("chat").get(0);
        JsonNode chatSecond = seen.path("chat").get(1);
        assertEquals("miss", chatFirst.path("cache").asText(), seen.toString());
        assertEquals("hit", chatSecond.path("cache").asText(), seen.toString());
        assertEquals("Sunny, 22 C.", chatSecond.path("text").asText());
        assertEquals("stop", chatSecond.path("finishReason").asText());
        assertEquals(1, anthropic.requestCount());
        assertEquals(1, chat.requestCount());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(value -> out.add(value.asText()));
        return out;
    }

    /** The event types with runs of the same type (several deltas) counted once. */
    private static List<String> collapsed(List<String> types) {
        List<String> out = new java.util.ArrayList<>();
        for (String type : types) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(type)) {
                out.add(type);
            }
        }
        return out;
    }

    private JsonNode run() throws Exception {
        Path project = CodexCli.projectDir();
        Path out = Files.createTempFile("cache-check", ".out");
        ProcessBuilder builder = new ProcessBuilder(List.of("node", project.resolve("e2e/cache-check.mjs").toString()))
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy")) {
            builder.environment().remove(proxy);
        }
        builder.environment().put("GATEWAY_URL", gateway.baseUrl());
        builder.environment().put("CHAT_MODEL", "local/qwen3-coder");
        builder.environment().put("RESPONSES_MODEL", "anthropic/claude-haiku-4-5");
        Process node = builder.start();
        try {
            assertTrue(node.waitFor(60, TimeUnit.SECONDS), "cache-check.mjs did not finish within 60 s");
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
