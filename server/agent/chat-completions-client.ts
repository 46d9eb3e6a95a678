/**
 * Model client for the Chat Completions API (`wire_api = "chat"`), the
 * format most OpenAI-compatible servers speak: Ollama, vLLM, llama.cpp,
 * LM Studio, OpenRouter, company gateways. Sent and read like the Responses
 * client's requests (`node:http`, our SSE parser), with the same idle
 * watchdog and failure classification. Chat Completions
 * has no free-form (custom) tools, so the caller offers function variants.
 */
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';
import { ChatStreamAssembler, type ChatChunk } from './chat-stream-assembler';
import type { ModelClientOptions } from './model-endpoint';
import type { ModelClient, ModelEvent, ModelItem, ModelRequest, ToolSpec } from './model-events';
import { ModelJsonStream, STREAM_DONE } from './model-json-stream';

/** Same options as the Responses client: provider, key, user agent, idle timeout. */
export type ChatCompletionsClientOptions = ModelClientOptions;

export class ChatCompletionsClient implements ModelClient {
  readonly supportsCustomTools = false;

  constructor(private readonly options: ChatCompletionsClientOptions) {}

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
    const stream = new ModelJsonStream(this.options, '/chat/completions', toChatRequest(request), signal);
    const assembler = new ChatStreamAssembler();
    let done = false;
    for await (const batch of stream.batches) {
      for (const sse of batch) {
        const parsed = stream.parse(sse);
        if (parsed === undefined) continue;
        if (parsed === STREAM_DONE) {
          done = true;
          continue;
        }
        for (const event of assembler.push(parsed as ChatChunk)) yield event;
      }
    }
    if (signal.aborted) return;
    // `[DONE]` ends a well-formed stream; a finish reason without it is accepted (some servers omit it).
    if (!done && !assembler.finishReason) throw stream.endedWithout('[DONE]');
    for (const event of assembler.finish()) yield event;
  }
}

/** The request body: the conversation as chat messages, function tools, streaming with usage. */
export function toChatRequest(request: ModelRequest): ChatCompletionCreateParamsStreaming {
  const tools = request.tools.flatMap(toChatTool);
  return {
    model: request.model,
    messages: toChatMessages(request.instructions, request.conversation),
    ...(tools.length ? { tools } : {}),
    stream: true,
    stream_options: { include_usage: true },
    ...(request.reasoningEffort ? { reasoning_effort: request.reasoningEffort as 'medium' } : {}),
  };
}

/**
 * Our conversation as chat messages: the instructions as the system message;
 * an assistant's text and the tool calls that follow it as one assistant
 * message (consecutive calls grouped, as the model produced them); each
 * output as a `tool` message. Custom tool calls cannot come from this API
 * but may be in a thread that used the Responses API before: they become
 * function calls whose arguments are `{"input": …}`, the shape of the
 * function variants offered instead.
 */
export function toChatMessages(instructions: string, conversation: ModelItem[]): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  if (instructions) messages.push({ role: 'system', content: instructions });
  // The assistant message the next tool calls (or text) join, if the last message is one.
  let assistant: ChatCompletionAssistantMessageParam | null = null;
  const addCall = (call: ChatCompletionMessageToolCall) => {
    if (!assistant) {
      assistant = { role: 'assistant', content: null, tool_calls: [] };
      messages.push(assistant);
    }
    (assistant.tool_calls ??= []).push(call);
  };
  for (const item of conversation) {
    switch (item.type) {
      case 'message':
        if (item.role !== 'assistant') {
          // Many OSS chat templates know only system/user/assistant/tool.
          messages.push({ role: item.role === 'developer' ? 'system' : 'user', content: item.text });
          assistant = null;
        } else if (assistant && !assistant.tool_calls?.length) {
          assistant.content = assistant.content ? `${assistant.content}\n\n${item.text}` : item.text;
        } else {
          assistant = { role: 'assistant', content: item.text };
          messages.push(assistant);
        }
        break;
      case 'functionCall':
        addCall({ id: item.callId, type: 'function', function: { name: item.name, arguments: item.arguments } });
        break;
      case 'customToolCall':
        addCall({ id: item.callId, type: 'function', function: { name: item.name, arguments: JSON.stringify({ input: item.input }) } });
        break;
      case 'functionCallOutput':
      case 'customToolCallOutput':
        messages.push({ role: 'tool', tool_call_id: item.callId, content: item.output });
        assistant = null;
        break;
    }
  }
  return messages;
}

/** Function specs only: the caller offers function variants of custom tools when `supportsCustomTools` is false. */
function toChatTool(spec: ToolSpec): ChatCompletionFunctionTool[] {
  if (spec.kind !== 'function') return [];
  return [{ type: 'function', function: { name: spec.name, description: spec.description, parameters: spec.parameters } }];
}
