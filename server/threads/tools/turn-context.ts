/** What a tool needs from the turn it runs in. */
import type { ThreadItem } from '../../protocol';
import type { Sandbox } from '../../sandbox/sandbox';
import type { TurnDiffTracker } from '../../tools/apply-patch';
import type { LoadedThread } from '../loaded-thread';
import type { TurnItems } from '../turn-items';

export interface TurnContext {
  readonly thread: LoadedThread;
  readonly turnId: string;
  /** Aborts when the turn is interrupted. */
  readonly signal: AbortSignal;
  readonly sandbox: Sandbox;
  readonly items: TurnItems;
  readonly diffTracker: TurnDiffTracker;
  /** For a `cancel` decision: stop the whole turn. */
  cancelTurn(): void;
}

export type { ThreadItem };
