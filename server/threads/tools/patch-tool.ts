/**
 * `apply_patch`: the patch is parsed and planned in full first (nothing is
 * written unless every file applies), shown as a `fileChange` item with each
 * file's diff, approved when the policy says so, then committed all at once.
 * A patch that does not apply goes back to the model with the reason.
 */
import {
  commitPatch,
  fileUpdateChange,
  parsePatch,
  patchSummary,
  PatchError,
  planPatch,
  WritableRoots,
  type PlannedFileChange,
} from '../../tools/apply-patch';
import type { FileChangeItem, FileChangeRequestApprovalParams } from '../../protocol';
import { ApprovalAbortedError, declineReason } from './approval-gate';
import { decidePatch } from './approval-policy';
import type { TurnContext } from './turn-context';

export async function runApplyPatch(context: TurnContext, callId: string, patchText: string): Promise<string> {
  const { thread } = context;
  const cwd = thread.settings.cwd;
  let changes: PlannedFileChange[];
  try {
    changes = planPatch(parsePatch(patchText), cwd, { writableRoots: null });
  } catch (error) {
    if (error instanceof PatchError) return `The patch was not applied: ${error.message}`;
    throw error;
  }

  const item: FileChangeItem = {
    type: 'fileChange',
    id: callId,
    changes: changes.map((change) => fileUpdateChange(change, cwd)),
    status: 'inProgress',
    startedAtMs: Date.now(),
    completedAtMs: null,
  };
  const touched = changes.flatMap((change) => (change.movePath ? [change.path, change.movePath] : [change.path]));
  const decision = decidePatch({
    policy: thread.settings.approvalPolicy,
    sandbox: thread.settings.sandbox,
    withinWritableRoots: withinWritableRoots(changes, writableRoots(context)),
    remembered: touched.every((path) => thread.approvalMemory.files.has(path)),
  });

  if (decision.action === 'refuse') {
    context.items.start(item);
    context.items.complete({ ...item, status: 'declined' });
    return `The patch was not applied: ${decision.message}`;
  }
  if (decision.action === 'ask') {
    const params: FileChangeRequestApprovalParams = {
      threadId: thread.id,
      turnId: context.turnId,
      itemId: callId,
      startedAtMs: item.startedAtMs!,
      reason: decision.reason,
      grantRoot: null,
    };
    let answer: Record<string, unknown>;
    try {
      answer = await thread.approvals.ask('item/fileChange/requestApproval', params, context.signal, () => context.items.start(item), 'itemFirst');
    } catch (error) {
      if (error instanceof ApprovalAbortedError) return 'The turn was interrupted before the user answered.';
      throw error;
    }
    const verdict = answer.decision;
    thread.emitStatus();
    if (verdict !== 'accept' && verdict !== 'acceptForSession') {
      context.items.complete({ ...item, status: 'declined' });
      if (verdict === 'cancel') context.cancelTurn();
      return `The user declined this change; no file was modified.${declineReason(answer)}`;
    }
    if (verdict === 'acceptForSession') thread.rememberApproval((memory) => touched.forEach((path) => memory.files.add(path)));
  } else {
    context.items.start(item);
  }

  try {
    context.diffTracker.record(changes);
    commitPatch(changes);
  } catch (error) {
    context.items.complete({ ...item, status: 'failed' });
    if (error instanceof PatchError) return `The patch was not applied: ${error.message}`;
    throw error;
  }
  context.items.complete({ ...item, status: 'completed' });
  thread.emit('turn/diff/updated', { threadId: thread.id, turnId: context.turnId, diff: context.diffTracker.unifiedDiff(cwd) });
  return patchSummary(changes, cwd);
}

function writableRoots(context: TurnContext): string[] | null {
  const sandbox = context.thread.settings.sandbox;
  if (sandbox.type === 'dangerFullAccess' || sandbox.type === 'externalSandbox') return null;
  if (sandbox.type === 'readOnly') return [];
  return sandbox.writableRoots?.length ? sandbox.writableRoots : [context.thread.settings.cwd];
}

/** Whether every path stays inside the writable roots, with `..` and symlinks resolved. */
function withinWritableRoots(changes: PlannedFileChange[], roots: string[] | null): boolean {
  if (roots === null) return true;
  const policy = new WritableRoots({ writableRoots: roots });
  try {
    for (const change of changes) {
      policy.assertWritable(change.path, change.displayPath);
      if (change.movePath) policy.assertWritable(change.movePath, change.displayPath);
    }
    return true;
  } catch (error) {
    if (error instanceof PatchError) return false;
    throw error;
  }
}
