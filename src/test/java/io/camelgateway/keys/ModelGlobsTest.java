package io.camelgateway.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelGlobsTest {

    @Test
    void noListAllowsEveryModel() {
        assertTrue(ModelGlobs.allows(List.of(), "openai/gpt-5.1"));
    }

    @Test
    void aProviderGlobAllowsThatProvidersModelsOnly() {
        List<String> allowed = List.of("anthropic/*", "auto");
        assertTrue(ModelGlobs.allows(allowed, "anthropic/claude-sonnet-4-6"));
        assertTrue(ModelGlobs.allows(allowed, "auto"));
        assertFalse(ModelGlobs.allows(allowed, "openai/gpt-5.1"));
        assertFalse(ModelGlobs.allows(allowed, "anthropicx/claude"), "the slash is part of the pattern");
        assertFalse(ModelGlobs.allows(allowed, "auto-2"), "names without * match exactly");
    }

    @Test
    void anAliasIsAllowedByItsNameOrByWhatItResolvesTo() {
        assertTrue(ModelGlobs.allows(List.of("anthropic/*"), "claude-opus", "anthropic/claude-opus-4-7"));
        assertTrue(ModelGlobs.allows(List.of("claude-opus"), "claude-opus", "anthropic/claude-opus-4-7"));
        assertFalse(ModelGlobs.allows(List.of("openai/*"), "claude-opus", "anthropic/claude-opus-4-7"));
    }

    @Test
    void starsMatchAnyRunIncludingNone() {
        assertTrue(ModelGlobs.matches("*", ""));
        assertTrue(ModelGlobs.matches("openai/gpt-*-mini", "openai/gpt-5-mini"));
        assertTrue(ModelGlobs.matches("openai/gpt-*-mini", "openai/gpt--mini"));
        assertFalse(ModelGlobs.matches("openai/gpt-*-mini", "openai/gpt-5-mini-x"));
        assertTrue(ModelGlobs.matches("*/claude-*", "anthropic/claude-haiku-4-5"));
    }
}
