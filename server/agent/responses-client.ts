/**
 * Model client for the OpenAI Responses API (streaming). The request is a
 * JSON POST sent with `node:http` (`model-http.ts`, to `model-endpoint.ts`'s
 * URL and headers) and the body is read with a linear SSE parser
 * (`sse-reader.ts`); the `openai` SDK's types describe the body and the
 * events, its code is not loaded. Any OpenAI-compatible server works by
 * base URL. Retries are not done here but by `RetryingClient`, so that the
 * user can be told about them (issue [Sandbox]); this client classifies each
 * failure (`ModelError.retry`) and never hangs: a stream that goes silent for
 * `streamIdleTimeoutMs` fails, and so does one that ends without
 * `response.completed`.
 */
import type { ResponseCreateParamsStreaming, ResponseInputItem, ResponseStreamEvent, ResponseUsage, Tool } from 'openai/resources/responses/responses';
import type { TokenUsageBreakdown } from '../protocol';
import type { ModelClientOptions } from './model-endpoint';
import { ModelError, streamedFailure } from './model-error';
import type { ModelClient, ModelEvent, ModelItem, ModelRequest, ToolSpec } from './model-events';
import { ModelJsonStream, STREAM_DONE } from './model-json-stream';

/** The options of both wire APIs' clients (`model-endpoint.ts`); this name is the one the config layer uses. */
export type ResponsesClientOptions = ModelClientOptions;

export class ResponsesClient implements ModelClient {
  readonly supportsCustomTools = true;

  constructor(private readonly options: ResponsesClientOptions) {}

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
    const body: ResponseCreateParamsStreaming = {
      model: request.model,
      instructions: request.instructions,
      input: request.conversation.map(toInputItem),
      ...(request.tools.length ? { tools: request.tools.map(toTool) } : {}),
      stream: true as const,
      store: false,
      ...(request.reasoningEffort
        ? { reasoning: { effort: request.reasoningEffort as 'medium', summary: (request.reasoningSummary ?? 'auto') as 'auto' } }
        : {}),
    };
    const stream = new ModelJsonStream(this.options, '/responses', body, signal);
    let finished = false;
    for await (const batch of stream.batches) {
      for (const sse of batch) {
        const parsed = stream.parse(sse);
        if (parsed === undefined || parsed === STREAM_DONE) continue;
        const event = parsed as ResponseStreamEvent;
        const mapped = mapEvent(event);
        if (mapped) yield mapped;
        if (event.type === 'response.completed') finished = true;
      }
    }
    if (!finished && !signal.aborted) throw stream.endedWithout('response.completed');
  }
}

function toInputItem(item: ModelItem): ResponseInputItem {
  switch (item.type) {
    case 'message':
      return { type: 'message', role: item.role, content: item.text } as ResponseInputItem;
    case 'functionCall':
      return { type: 'function_call', call_id: item.callId, name: item.name, arguments: item.arguments };
    case 'functionCallOutput':
      return { type: 'function_call_output', call_id: item.callId, output: item.output };
    case 'customToolCall':
      return { type: 'custom_tool_call', call_id: item.callId, name: item.name, input: item.input };
    case 'customToolCallOutput':
      return { type: 'custom_tool_call_output', call_id: item.callId, output: item.output };
  }
}

function toTool(spec: ToolSpec): Tool {
  if (spec.kind === 'function') {
    return { type: 'function', name: spec.name, description: spec.description, parameters: spec.parameters, strict: false };
  }
  return {
    type: 'custom',
    name: spec.name,
    description: spec.description,
    format: spec.grammar ? { type: 'grammar', syntax: spec.grammar.syntax, definition: spec.grammar.definition } : { type: 'text' },
  };
}

function mapEvent(event: ResponseStreamEvent): ModelEvent | undefined {
  switch (event.type) {
    case 'response.output_item.added':
      if (event.item.type === 'message') return { type: 'messageStarted', id: event.item.id };
      if (event.item.type === 'reasoning') return { type: 'reasoningStarted', id: event.item.id };
      return undefined;
    case 'response.output_text.delta':
      return { type: 'messageDelta', id: event.item_id, delta: event.delta };
    case 'response.reasoning_summary_part.added':
      return { type: 'reasoningSummaryPartAdded', id: event.item_id, summaryIndex: event.summary_index };
    case 'response.reasoning_summary_text.delta':
      return { type: 'reasoningSummaryDelta', id: event.item_id, summaryIndex: event.summary_index, delta: event.delta };
    case 'response.output_item.done': {
      const item = event.item;
      if (item.type === 'message') {
        const text = item.content.map((part) => (part.type === 'output_text' ? part.text : part.refusal)).join('');
        return { type: 'messageCompleted', id: item.id, text };
      }
      if (item.type === 'reasoning') {
        return { type: 'reasoningCompleted', id: item.id, summary: item.summary.map((part) => part.text) };
      }
      if (item.type === 'function_call') {
        return { type: 'toolCall', call: { kind: 'function', callId: item.call_id, name: item.name, arguments: item.arguments } };
      }
      if (item.type === 'custom_tool_call') {
        return { type: 'toolCall', call: { kind: 'custom', callId: item.call_id, name: item.name, input: item.input } };
      }
      return undefined;
    }
    case 'response.completed':
      return { type: 'completed', usage: toUsage(event.response.usage) };
    case 'response.failed':
      throw streamedFailure('The model failed', event.response.error?.code ?? null, event.response.error?.message ?? 'unknown error');
    case 'response.incomplete':
      throw new ModelError(
        `The model stopped early: ${event.response.incomplete_details?.reason ?? 'incomplete'}`,
        event.response.incomplete_details?.reason === 'max_output_tokens' ? 'contextWindowExceeded' : 'other',
      );
    case 'error':
      throw streamedFailure('The model stream reported an error', event.code ?? null, event.message);
    default:
      return undefined;
  }
}

function toUsage(usage: ResponseUsage | undefined): TokenUsageBreakdown | null {
  if (!usage) return null;
  return {
    totalTokens: usage.total_tokens,
    inputTokens: usage.input_tokens,
    cachedInputTokens: usage.input_tokens_details?.cached_tokens ?? 0,
    cacheWriteInputTokens: 0,
    outputTokens: usage.output_tokens,
    reasoningOutputTokens: usage.output_tokens_details?.reasoning_tokens ?? 0,
  };
}
