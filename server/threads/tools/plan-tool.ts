/**
 * `update_plan`: the model's checklist. Each update becomes a `plan` item
 * (the checklist as text) and a `turn/plan/updated` notification.
 */
import { uuidv7 } from '../../common/ids';
import type { TurnPlanStep } from '../../protocol';
import { optionalString, parseArguments, ToolArgumentError } from './tool-arguments';
import type { TurnContext } from './turn-context';

const STATUS: Record<string, TurnPlanStep['status']> = { pending: 'pending', in_progress: 'inProgress', completed: 'completed' };
const MARK: Record<TurnPlanStep['status'], string> = { pending: '[ ]', inProgress: '[~]', completed: '[x]' };

export function runUpdatePlan(context: TurnContext, rawArguments: string): string {
  const args = parseArguments(rawArguments);
  const explanation = optionalString(args, 'explanation') ?? null;
  if (!Array.isArray(args.plan)) throw new ToolArgumentError('"plan" is required: a list of {step, status}.');
  const plan: TurnPlanStep[] = args.plan.map((entry, index) => {
    const step = (entry as { step?: unknown })?.step;
    const status = STATUS[String((entry as { status?: unknown })?.status)];
    if (typeof step !== 'string' || !status) {
      throw new ToolArgumentError(`plan[${index}] needs a "step" string and a "status" of pending, in_progress or completed.`);
    }
    return { step, status };
  });
  const { thread } = context;
  thread.emit('turn/plan/updated', { threadId: thread.id, turnId: context.turnId, explanation, plan });
  const text = [explanation, ...plan.map((entry) => `- ${MARK[entry.status]} ${entry.step}`)].filter(Boolean).join('\n');
  const now = Date.now();
  const item = { type: 'plan' as const, id: uuidv7(), text, startedAtMs: now, completedAtMs: null };
  context.items.start(item);
  context.items.complete({ ...item, completedAtMs: now });
  return 'Plan updated.';
}
