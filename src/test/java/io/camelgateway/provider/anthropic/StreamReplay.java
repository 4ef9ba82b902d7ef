package io.camelgateway.provider.anthropic;

import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.http.SseParser;
import io.camelgateway.provider.TurnContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Feeds recorded SSE bytes through SseParser → AnthropicStreamTranslator → TurnStreamAssembler. */
final class StreamReplay {

    static final Path VECTORS = vectorsDir();

    private StreamReplay() {
    }

    static List<Path> vectorFiles() {
        try (Stream<Path> files = Files.list(VECTORS)) {
            return files.filter(p -> p.toString().endsWith(".sse")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(String name) {
        try {
            return Files.readAllBytes(VECTORS.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replays {@code bytes} in chunks of {@code chunkSizes} (cycled; 0 means all at once), then ends the stream. */
    static List<StreamEvent> replay(byte[] bytes, TurnContext context, int... chunkSizes) {
        List<StreamEvent> events = new ArrayList<>();
        ToolNameMap tools = context == null ? new ToolNameMap(io.camelgateway.canonical.ToolNameRules.ANTHROPIC) : context.tools();
        TurnStreamAssembler assembler = new TurnStreamAssembler(events::add, tools, "resp_test", "test-model", 0);
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator(assembler, "anthropic");
        SseParser parser = new SseParser(translator::onEvent);
        int offset = 0;
        int next = 0;
        while (offset < bytes.length) {
            int size = chunkSizes.length == 0 || chunkSizes[next % chunkSizes.length] <= 0
                    ? bytes.length : chunkSizes[next % chunkSizes.length];
            next++;
            int length = Math.min(size, bytes.length - offset);
            parser.feed(bytes, offset, length);
            offset += length;
        }
        parser.end();
        translator.onEnd();
        return events;
    }

    static List<StreamEvent> replayRandomChunks(byte[] bytes, long seed) {
        Random random = new Random(seed);
        int[] sizes = new int[64];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 1 + random.nextInt(97);
        }
        return replay(bytes, null, sizes);
    }

    /** The events as text with generated item ids normalised, to compare replays of the same bytes. */
    static String describe(List<StreamEvent> events) {
        return events.stream().map(Object::toString)
                .map(s -> s.replaceAll("\\b(msg|fc|rs|ctc|tsc|call)_[0-9a-z]{24}\\b", "$1_ID"))
                .collect(Collectors.joining("\n"));
    }

    private static Path vectorsDir() {
        try {
            return Path.of(StreamReplay.class.getResource("/vectors/anthropic").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
