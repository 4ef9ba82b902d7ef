// Drives the gateway with the official `openai` npm SDK and prints one JSON object with what it saw.
// Used by src/test/java/io/camelgateway/e2e/OpenAiSdkE2ETest.java, which scripts the fake upstreams and asserts.
//
// env: GATEWAY_URL (no /v1), CHAT_MODEL (chat checks a, b, d), RESPONSES_MODEL (check c)
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: `${process.env.GATEWAY_URL}/v1`,
  apiKey: "sk-dummy-client-token",
  maxRetries: 0,
  timeout: 30_000,
});
const chatModel = process.env.CHAT_MODEL;
const responsesModel = process.env.RESPONSES_MODEL;

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

async function capture(name, fn) {
  try {
    return await fn();
  } catch (err) {
    return { failed: true, check: name, error: String(err), status: err?.status ?? null };
  }
}

// (a) streamed chat completion with a tool: reassemble tool calls from deltas by index.
const streamingTool = await capture("a", async () => {
  const stream = await client.chat.completions.create({
    model: chatModel,
    stream: true,
    messages: [{ role: "user", content: "Weather in Paris?" }],
    tools: [weatherTool],
  });
  const calls = [];
  let finishReason = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    for (const delta of choice.delta?.tool_calls ?? []) {
      const call = (calls[delta.index] ??= { id: null, name: "", arguments: "" });
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name += delta.function.name;
      if (delta.function?.arguments) call.arguments += delta.function.arguments;
    }
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }
  return { chunks, finishReason, toolCalls: calls };
});

// (b) plain chat completion.
const plainChat = await capture("b", async () => {
  const completion = await client.chat.completions.create({
    model: chatModel,
    messages: [{ role: "user", content: "Say pong." }],
  });
  return {
    content: completion.choices[0].message.content,
    finishReason: completion.choices[0].finish_reason,
    usage: completion.usage ?? null,
  };
});

// (c) streamed Responses API call: collect the event types and the text.
const responsesStream = await capture("c", async () => {
  const stream = await client.responses.create({
    model: responsesModel,
    stream: true,
    input: "Say hello.",
  });
  const types = [];
  let deltas = "";
  let completedText = null;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === "response.output_text.delta") deltas += event.delta;
    if (event.type === "response.completed") {
      completedText = (event.response.output ?? [])
        .filter((item) => item.type === "message")
        .flatMap((item) => item.content ?? [])
        .filter((part) => part.type === "output_text")
        .map((part) => part.text)
        .join("");
    }
  }
  return { types, last: types[types.length - 1] ?? null, deltas, completedText };
});

// (d) an invalid request (no messages): the SDK must raise an APIError carrying the gateway's 400.
const invalidRequest = await capture("d", async () => {
  try {
    await client.chat.completions.create({ model: chatModel });
    return { raised: false };
  } catch (err) {
    return {
      raised: true,
      isApiError: err instanceof OpenAI.APIError,
      isBadRequest: err instanceof OpenAI.BadRequestError,
      status: err.status ?? null,
      message: err.error?.message ?? err.message,
      code: err.code ?? null,
      type: err.type ?? null,
    };
  }
});

console.log(JSON.stringify({ streamingTool, plainChat, responsesStream, invalidRequest }));
