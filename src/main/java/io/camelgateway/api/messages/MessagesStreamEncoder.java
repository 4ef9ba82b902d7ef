package io.camelgateway.api.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.json.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Canonical stream events → Anthropic Messages SSE frames, keeping Anthropic's grammar whatever the provider did:
 * one {@code message_start}; content blocks one at a time with consecutive indices, each started, given deltas of
 * its own kind only and stopped; then {@code message_delta} and {@code message_stop}, or an {@code error} event
 * and nothing after it. Canonical items may interleave (parallel tool calls streaming side by side): an item's
 * events wait until the block before it has stopped. Text and thinking blocks open with their first delta, so an
 * empty item makes no empty block (Anthropic refuses those when the client sends them back). One instance per stream.
 */
final class MessagesStreamEncoder {

    private static final String KEEP_ALIVE_COMMENT = ": keep-alive\n\n";

    private final String model;
    private final long inputTokens;
    private final Map<Integer, Block> blocks = new HashMap<>();
    private final Deque<Block> waiting = new ArrayDeque<>();
    private Block active;
    private String messageId = MessagesJson.messageId(null);
    private int nextIndex;
    private boolean started;
    private boolean ended;
    private boolean toolCalls;

    MessagesStreamEncoder(String model, long inputTokens) {
        this.model = model;
        this.inputTokens = inputTokens;
    }

    boolean started() {
        return started;
    }

    /** A keep-alive: a {@code ping} once the message started, an SSE comment before. */
    List<String> keepAlive() {
        return ended ? List.of() : List.of(started ? frame(Json.object().put("type", "ping")) : KEEP_ALIVE_COMMENT);
    }

    /** The terminal {@code error} event (a 5xx becomes {@code overloaded_error}, which Claude Code retries). */
    List<String> fail(TurnError error) {
        if (ended) {
            return List.of();
        }
        ended = true;
        return List.of(frame(MessagesJson.error(MessagesJson.streamErrorType(error.status()), error.message())));
    }

    List<String> encode(StreamEvent event) {
        List<String> out = new ArrayList<>();
        if (ended) {
            return out;
        }
        if (event instanceof StreamEvent.Created created) {
            start(created.response(), out);
        } else if (event instanceof StreamEvent.KeepAlive) {
            out.addAll(keepAlive());
        } else if (event instanceof StreamEvent.Failed failed) {
            out.addAll(fail(failed.response().error()));
        } else {
            start(null, out);
            if (event instanceof StreamEvent.Finished finished) {
                finish(finished.response(), out);
            } else {
                item(event, out);
            }
        }
        return out;
    }

    private void start(TurnResponse response, List<String> out) {
        if (started) {
            return;
        }
        started = true;
        if (response != null) {
            messageId = MessagesJson.messageId(response.id());
        }
        ObjectNode message = Json.object().put("id", messageId).put("type", "message").put("role", "assistant")
                .put("model", response != null && response.model() != null ? response.model() : model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", inputTokens).put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", 0).put("output_tokens", 1);
        ObjectNode start = Json.object().put("type", "message_start");
        start.set("message", message);
        out.add(frame(start));
        out.add(frame(Json.object().put("type", "ping")));
    }

    private void item(StreamEvent event, List<String> out) {
        if (event instanceof StreamEvent.ItemAdded added) {
            boolean call = MessagesJson.isToolCall(added.item());
            toolCalls |= call;
            on(added.outputIndex(), (block, frames) -> {
                if (call) {
                    block.open(MessagesJson.toolUseStart(added.item()), frames);
                }
            }, out);
        } else if (event instanceof StreamEvent.TextDelta text) {
            on(text.outputIndex(), (block, frames) -> block.delta("text", text.delta(), frames), out);
        } else if (event instanceof StreamEvent.ReasoningSummaryDelta summary) {
            on(summary.outputIndex(), (block, frames) -> block.delta("thinking", summary.delta(), frames), out);
        } else if (event instanceof StreamEvent.ReasoningSummaryPartAdded part && part.summaryIndex() > 0) {
            on(part.outputIndex(), (block, frames) -> {
                if (block.index >= 0) {
                    block.delta("thinking", "\n\n", frames);
                }
            }, out);
        } else if (event instanceof StreamEvent.FunctionArgumentsDelta args) {
            on(args.outputIndex(), (block, frames) -> block.arguments(args.delta(), frames), out);
        } else if (event instanceof StreamEvent.ItemDone done) {
            on(done.outputIndex(), (block, frames) -> block.done(done.item(), frames), out);
        }
    }

    /**
     * Runs {@code step} for the item's block now when it is the one being written, else when its turn comes (the
     * step then writes to the frames of the event that let it run).
     */
    private void on(int outputIndex, BiConsumer<Block, List<String>> step, List<String> out) {
        Block block = blocks.computeIfAbsent(outputIndex, i -> new Block());
        if (active == null && !block.queued) {
            active = block;
        }
        if (active != block) {
            block.pending.add(step);
            if (!block.queued) {
                block.queued = true;
                waiting.add(block);
            }
            return;
        }
        step.accept(block, out);
        if (block.finished) {
            active = null;
            promote(out);
        }
    }

    /** The next waiting item becomes the one written; what it had to say so far goes out now. */
    private void promote(List<String> out) {
        while (active == null && !waiting.isEmpty()) {
            Block next = waiting.poll();
            next.queued = false;
            active = next;
            for (BiConsumer<Block, List<String>> step : next.pending) {
                step.accept(next, out);
            }
            next.pending.clear();
            if (next.finished) {
                active = null;
            }
        }
    }

    private void finish(TurnResponse response, List<String> out) {
        promote(out);
        if (active != null) {
            active.stop(out);
            active = null;
        }
        ended = true;
        ObjectNode delta = Json.object().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason",
                MessagesJson.stopReason(response.stopReason(), toolCalls || response.hasToolCalls()))
                .putNull("stop_sequence");
        ObjectNode usage = MessagesJson.usage(response.usage());
        if (usage.path("input_tokens").asLong() == 0 && usage.path("cache_read_input_tokens").asLong() == 0) {
            usage.put("input_tokens", inputTokens);
        }
        delta.set("usage", usage);
        out.add(frame(delta));
        out.add(frame(Json.object().put("type", "message_stop")));
    }

    /** A whole block at once (thinking restored verbatim, text no delta announced). */
    private void whole(ObjectNode block, List<String> out) {
        String type = block.path("type").asText();
        Block writer = new Block();
        switch (type) {
            case "thinking" -> {
                writer.open(Json.object().put("type", "thinking").put("thinking", "").put("signature", ""), out);
                writer.delta("thinking", block.path("thinking").asText(""), out);
                writer.signature(block.path("signature").asText(""), out);
            }
            case "text" -> {
                writer.open(Json.object().put("type", "text").put("text", ""), out);
                writer.delta("text", block.path("text").asText(""), out);
            }
            default -> writer.open(block, out);
        }
        writer.stop(out);
    }

    private static String frame(ObjectNode data) {
        return "event: " + data.path("type").asText() + "\ndata: " + Json.text(data) + "\n\n";
    }

    /** One canonical item's block. */
    private final class Block {
        final List<BiConsumer<Block, List<String>>> pending = new ArrayList<>();
        boolean queued;
        boolean finished;
        int index = -1;
        String kind;
        final StringBuilder sentArguments = new StringBuilder();

        void open(ObjectNode contentBlock, List<String> out) {
            index = nextIndex++;
            kind = contentBlock.path("type").asText();
            ObjectNode start = Json.object().put("type", "content_block_start").put("index", index);
            start.set("content_block", contentBlock);
            out.add(frame(start));
        }

        /** A text or thinking delta; opens the block of that kind on the first one. */
        void delta(String of, String text, List<String> out) {
            if (text == null || text.isEmpty()) {
                return;
            }
            if (index < 0) {
                open("text".equals(of) ? Json.object().put("type", "text").put("text", "")
                        : Json.object().put("type", "thinking").put("thinking", "").put("signature", ""), out);
            }
            if (!of.equals(kind)) {
                return;
            }
            ObjectNode delta = "text".equals(of) ? Json.object().put("type", "text_delta").put("text", text)
                    : Json.object().put("type", "thinking_delta").put("thinking", text);
            out.add(deltaFrame(delta));
        }

        void signature(String signature, List<String> out) {
            if (index >= 0 && "thinking".equals(kind) && !signature.isEmpty()) {
                out.add(deltaFrame(Json.object().put("type", "signature_delta").put("signature", signature)));
            }
        }

        void arguments(String partial, List<String> out) {
            if (index >= 0 && "tool_use".equals(kind) && partial != null && !partial.isEmpty()) {
                sentArguments.append(partial);
                out.add(deltaFrame(Json.object().put("type", "input_json_delta").put("partial_json", partial)));
            }
        }

        void done(Item item, List<String> out) {
            finished = true;
            if (item instanceof Reasoning reasoning) {
                doneThinking(reasoning, out);
                return;
            }
            if (item instanceof Message message && index < 0) {
                delta("text", message.joinedText(), out);
            } else if (MessagesJson.isToolCall(item)) {
                if (index < 0) {
                    open(MessagesJson.toolUseStart(item), out);
                }
                arguments(restOfArguments(item), out);
            }
            stop(out);
        }

        /**
         * The open thinking block gets its signature: Anthropic's own for its first block (further blocks follow
         * whole), the gateway's envelope for another provider's reasoning. Nothing streamed: all blocks whole.
         */
        private void doneThinking(Reasoning reasoning, List<String> out) {
            if (index < 0) {
                MessagesJson.thinkingBlocks(reasoning).forEach(block -> whole(block, out));
                return;
            }
            List<ObjectNode> own = MessagesThinking.anthropicBlocks(reasoning);
            if (own == null) {
                signature(MessagesThinking.foreignSignature(reasoning.encryptedContent()), out);
                stop(out);
                return;
            }
            ObjectNode matched = own.stream().filter(b -> "thinking".equals(b.path("type").asText()))
                    .findFirst().orElse(null);
            signature(matched == null ? "" : matched.path("signature").asText(""), out);
            stop(out);
            own.stream().filter(b -> b != matched).forEach(block -> whole(block, out));
        }

        /** What the client has not seen of the call's final input (all of it for a freeform call). */
        private String restOfArguments(Item item) {
            if (item instanceof FunctionCall call) {
                String full = call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments();
                String sent = sentArguments.toString();
                if (sent.isEmpty()) {
                    return full;
                }
                return full.startsWith(sent) ? full.substring(sent.length()) : "";
            }
            if (item instanceof CustomToolCall || sentArguments.length() == 0) {
                return Json.text(MessagesJson.input(item));
            }
            return "";
        }

        void stop(List<String> out) {
            if (index >= 0) {
                out.add(frame(Json.object().put("type", "content_block_stop").put("index", index)));
            }
        }

        private String deltaFrame(ObjectNode delta) {
            ObjectNode event = Json.object().put("type", "content_block_delta").put("index", index);
            event.set("delta", delta);
            return frame(event);
        }
    }
}
