// Drives the gateway's response cache with the official `openai` npm SDK: the same temperature-0 streams twice, as a
// Responses stream and as a chat stream, and prints one JSON object with what each saw (x-gateway-cache, events,
// text, tool calls). Used by src/test/java/io/camelgateway/e2e/OpenAiSdkCacheE2ETest.java.
//
// env: GATEWAY_URL (no /v1), CHAT_MODEL, RESPONSES_MODEL
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: `${process.env.GATEWAY_URL}/v1`,
  apiKey: "sk-dummy-client-token",
  maxRetries: 0,
  timeout: 30_000,
});

async function capture(name, fn) {
  try {
    return await fn();
  } catch (err) {
    return { failed: true, check: name, error: String(err), status: err?.status ?? null };
  }
}

async function responsesStream() {
  const { data: stream, response } = await client.responses
    .create({
      model: process.env.RESPONSES_MODEL,
      stream: true,
      temperature: 0,
      input: [{ role: "user", content: "What is in this folder?" }],
      tools: [{ type: "function", name: "exec_command", parameters: { type: "object", properties: { cmd: { type: "string" } }, required: ["cmd"], additionalProperties: false }, strict: true }],
    })
    .withResponse();
  const types = [];
  let completed = null;
  let text = "";
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === "response.output_text.delta") text += event.delta;
    if (event.type === "response.completed") completed = event.response;
  }
  const call = completed?.output?.find((item) => item.type === "function_call") ?? null;
  return {
    cache: response.headers.get("x-gateway-cache"),
    types,
    text,
    id: completed?.id ?? null,
    status: completed?.status ?? null,
    call: call && { name: call.name, arguments: call.arguments, call_id: call.call_id },
  };
}

async function chatStream() {
  const { data: stream, response } = await client.chat.completions
    .create({
      model: process.env.CHAT_MODEL,
      stream: true,
      temperature: 0,
      messages: [{ role: "user", content: "Weather in Paris?" }],
    })
    .withResponse();
  let text = "";
  let finishReason = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    text += choice.delta?.content ?? "";
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }
  return { cache: response.headers.get("x-gateway-cache"), chunks, text, finishReason };
}

const responses = [await capture("responses-1", responsesStream), await capture("responses-2", responsesStream)];
const chat = [await capture("chat-1", chatStream), await capture("chat-2", chatStream)];
console.log(JSON.stringify({ responses, chat }));
