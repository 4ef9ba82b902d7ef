package io.camelgateway.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.api.GatewayException;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelResolverTest {

    private DefaultCamelContext camel;
    private ModelResolver resolver;

    @BeforeEach
    void providers() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:provider-anthropic").routeId("provider-anthropic").log("a");
                from("direct:provider-bedrock").routeId("provider-bedrock").log("b");
            }
        });
        camel.start();
        resolver = new ModelResolver(new ProviderDirectory(camel), Map.of(
                "claude-opus", "anthropic/claude-opus-4-7-20260420",
                "claude-*", "anthropic/*",
                "claude-haiku-*", "bedrock/us.anthropic.*"));
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void familyAliasKeepsTheClientsIdAndExactAliasesWin() {
        assertEquals(new ResolvedModel("anthropic", "claude-opus-5-5"), resolver.resolve("claude-opus-5-5"));
        assertEquals(new ResolvedModel("anthropic", "claude-opus-4-7-20260420"), resolver.resolve("claude-opus"));
        assertEquals(new ResolvedModel("bedrock", "us.anthropic.claude-haiku-4-5"), resolver.resolve("claude-haiku-4-5"),
                "the longest family wins");
        assertEquals(new ResolvedModel("anthropic", "x"), resolver.resolve("anthropic/x"));
    }

    @Test
    void aProviderNameAFamilyMatchesIsNotFoundUntilThatProviderExists() {
        GatewayException loading = assertThrows(GatewayException.class,
                () -> resolver.resolve("claude-proxy/claude-sonnet-4-6"), "not anthropic/claude-proxy/…");
        assertEquals(404, loading.error().status());
    }

    @Test
    void aProviderWhoseNameAFamilyMatchesKeepsItsModels() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:provider-claude-proxy").routeId("provider-claude-proxy").log("c");
            }
        });
        assertEquals(new ResolvedModel("claude-proxy", "claude-sonnet-4-6"), resolver.resolve("claude-proxy/claude-sonnet-4-6"));
        assertEquals(new ResolvedModel("anthropic", "claude-opus-5-5"), resolver.resolve("claude-opus-5-5"));
    }

    @Test
    void usedModelsAreRememberedNewestLastAndAliasesAreNot() {
        resolver.noteUsed("bedrock/x");
        resolver.noteUsed("anthropic/y");
        resolver.noteUsed("bedrock/x");
        resolver.noteUsed("claude-opus");
        assertEquals(java.util.List.of("anthropic/y", "bedrock/x"), resolver.usedModels());
        for (int i = 0; i < ModelResolver.MAX_USED + 5; i++) {
            resolver.noteUsed("bedrock/m" + i);
        }
        assertEquals(ModelResolver.MAX_USED, resolver.usedModels().size());
        assertEquals("bedrock/m" + (ModelResolver.MAX_USED + 4), resolver.usedModels().get(ModelResolver.MAX_USED - 1));
    }

    @Test
    void familiesAreNotListedAsModelsAndUnknownIdsNameThem() {
        assertEquals(Map.of("claude-opus", "anthropic/claude-opus-4-7-20260420"), resolver.aliases());
        GatewayException unknown = assertThrows(GatewayException.class, () -> resolver.resolve("gpt-9"));
        assertEquals(404, unknown.error().status());
        assertTrue(unknown.error().message().contains("claude-*"), unknown.error().message());
        assertThrows(GatewayException.class, () -> resolver.resolve("claude-"), "the bare family prefix is no model");
    }
}
