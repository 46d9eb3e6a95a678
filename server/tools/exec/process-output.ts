/**
 * The output of one process, seen three ways: everything so far (capped,
 * for the UI item), what arrived since the last tool call returned (for the
 * model), and live chunks for whichever call is currently waiting.
 */
import { log } from '../../common/log';
import { HeadTailBuffer, type RenderedOutput } from './output-buffer';

/** Cap of `aggregatedOutput`, and of output buffered between two calls. */
export const AGGREGATED_OUTPUT_MAX_BYTES = 1024 * 1024;

export class ProcessOutput {
  private readonly aggregated = new HeadTailBuffer(AGGREGATED_OUTPUT_MAX_BYTES);
  private pending = new HeadTailBuffer(AGGREGATED_OUTPUT_MAX_BYTES);
  /** The waiting call's `onOutput`; chunks arriving between calls are only buffered. */
  listener: ((chunk: string) => void) | undefined;

  push(chunk: string): void {
    this.aggregated.push(chunk);
    this.pending.push(chunk);
    if (!this.listener) return;
    try {
      this.listener(chunk);
    } catch (error) {
      // A failing UI delta must not take the process bookkeeping down with it.
      log.error(`exec: onOutput threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Output since the previous call, capped to `maxBytes`; starts the next window. */
  takePending(maxBytes: number): RenderedOutput {
    const rendered = this.pending.render(maxBytes);
    this.pending = new HeadTailBuffer(AGGREGATED_OUTPUT_MAX_BYTES);
    return rendered;
  }

  aggregatedText(): string {
    return this.aggregated.render().text;
  }
}
