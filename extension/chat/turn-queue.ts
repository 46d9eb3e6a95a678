/**
 * Prompts sent while a turn runs: each waits here for the turn to end and
 * then starts its own turn, in order. Its `send` settles only then, so the
 * webview can show it as queued and restore it if it is dropped. Host-free.
 */
import type { UserInput } from '../../server/protocol';

interface QueuedPrompt {
  input: UserInput[];
  resolve(): void;
  reject(error: Error): void;
}

export class TurnQueue {
  private readonly entries: QueuedPrompt[] = [];

  get size(): number {
    return this.entries.length;
  }

  /** Resolves when the prompt's turn has started; rejects when it is dropped. */
  push(input: UserInput[]): Promise<void> {
    return new Promise((resolve, reject) => this.entries.push({ input, resolve, reject }));
  }

  shift(): QueuedPrompt | undefined {
    return this.entries.shift();
  }

  /** Drops every waiting prompt: their `send` fails with `error`. */
  clear(error: Error): void {
    for (const entry of this.entries.splice(0)) entry.reject(error);
  }
}
