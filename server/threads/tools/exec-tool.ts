/**
 * `exec_command` and `write_stdin`: a command becomes a `commandExecution`
 * item; the approval policy decides whether it runs, is confined by the
 * sandbox, or needs the user's consent first; its output streams as
 * `item/commandExecution/outputDelta`; the model gets the result text.
 */
import { isAbsolute, resolve } from 'node:path';
import { commandActions, isKnownSafe, proposedPrefixRule, shellQuoteWord } from '../../tools/command-analysis';
import { formatExecResultForModel, type ExecResult } from '../../tools/exec';
import type { CommandExecutionApprovalDecision, CommandExecutionItem, CommandExecutionRequestApprovalParams } from '../../protocol';
import { decideCommand } from './approval-policy';
import { ApprovalAbortedError, declineReason } from './approval-gate';
import { optionalBoolean, optionalNumber, optionalString, parseArguments, requireString } from './tool-arguments';
import type { TurnContext } from './turn-context';

const DEFAULT_SHELL = '/bin/bash';

export async function runExecCommand(context: TurnContext, callId: string, rawArguments: string): Promise<string> {
  const args = parseArguments(rawArguments);
  const cmd = requireString(args, 'cmd');
  const { thread } = context;
  const workdir = optionalString(args, 'workdir');
  const cwd = workdir ? (isAbsolute(workdir) ? workdir : resolve(thread.settings.cwd, workdir)) : thread.settings.cwd;
  const shell = optionalString(args, 'shell') ?? DEFAULT_SHELL;
  const login = optionalBoolean(args, 'login') ?? true;
  const escalationRequested = optionalString(args, 'sandbox_permissions') === 'require_escalated';
  const justification = optionalString(args, 'justification') ?? null;
  const displayCommand = `${shell} ${login ? '-lc' : '-c'} ${shellQuoteWord(cmd)}`;

  const item = startingItem(callId, { command: displayCommand, cwd, commandActions: commandActions(cmd), processId: null, source: 'agent' });

  const decision = decideCommand({
    policy: thread.settings.approvalPolicy,
    sandbox: thread.settings.sandbox,
    sandboxAvailable: context.sandbox.available,
    escalationRequested,
    justification,
    knownSafe: isKnownSafe(cmd),
    remembered: thread.approvalMemory.commands.isApproved(cmd),
  });

  if (decision.action === 'refuse') {
    context.items.start(item);
    context.items.complete({ ...item, status: 'declined' });
    return `Not run: ${decision.message}`;
  }

  let sandboxed = decision.action === 'run' ? decision.sandboxed : decision.sandboxedAfterApproval;
  if (decision.action === 'ask') {
    const prefix = proposedPrefixRule(cmd);
    const params: CommandExecutionRequestApprovalParams = {
      threadId: thread.id,
      turnId: context.turnId,
      itemId: callId,
      startedAtMs: item.startedAtMs!,
      kind: 'command',
      approvalId: null,
      reason: decision.reason,
      command: displayCommand,
      cwd,
      commandActions: item.commandActions,
      proposedExecpolicyAmendment: prefix,
      availableDecisions: [
        'accept',
        'acceptForSession',
        ...(prefix ? [{ acceptWithExecpolicyAmendment: { execpolicy_amendment: prefix } }] : []),
        'decline',
        'cancel',
      ],
    };
    let answer: Record<string, unknown>;
    try {
      answer = await thread.approvals.ask('item/commandExecution/requestApproval', params, context.signal, () => context.items.start(item));
    } catch (error) {
      if (error instanceof ApprovalAbortedError) return 'The turn was interrupted before the user answered.';
      throw error;
    }
    const verdict = readCommandDecision(answer.decision);
    if (verdict === 'decline' || verdict === 'cancel') {
      // Upstream order for a declined command: resolved → item/completed → status.
      context.items.complete({ ...item, status: 'declined' });
      thread.emitStatus();
      if (verdict === 'cancel') context.cancelTurn();
      return `The user declined to run this command.${declineReason(answer)} Do not retry it as is; ask the user or try another way.`;
    }
    if (verdict === 'acceptForSession') thread.rememberApproval((memory) => memory.commands.approveForSession(cmd));
    if (typeof verdict === 'object') thread.rememberApproval((memory) => memory.commands.addPrefixRule(verdict.acceptWithExecpolicyAmendment.execpolicy_amendment));
    if (escalationRequested) sandboxed = false;
    thread.emitStatus();
  } else {
    context.items.start(item);
  }

  const result = await runCommand(context, item, { cmd, cwd, shell, login, sandboxed, args });
  return formatExecResultForModel(result);
}

export async function runWriteStdin(context: TurnContext, callId: string, rawArguments: string): Promise<string> {
  const args = parseArguments(rawArguments);
  const sessionId = optionalNumber(args, 'session_id');
  if (sessionId === undefined) return '"session_id" is required: pass the session id that exec_command returned.';
  const chars = optionalString(args, 'chars') ?? '';
  const started = context.thread.backgroundCommands.get(sessionId);
  const command = started?.command ?? `session ${sessionId}`;
  const item = startingItem(callId, {
    command,
    cwd: started?.cwd ?? context.thread.settings.cwd,
    commandActions: [{ type: 'unknown', command }],
    processId: String(sessionId),
    source: 'unifiedExecInteraction',
  });
  context.items.start(item);
  let result: ExecResult;
  try {
    result = await context.thread.exec().writeStdin(sessionId, chars, {
      yieldTimeMs: optionalNumber(args, 'yield_time_ms'),
      maxOutputBytes: outputCap(args),
      signal: context.signal,
      onOutput: (delta) => emitOutput(context, callId, delta),
    });
  } catch (error) {
    context.items.complete({ ...item, status: 'failed', aggregatedOutput: (error as Error).message });
    return (error as Error).message;
  }
  finishItem(context, item, result);
  if (result.sessionId === null) context.thread.backgroundCommands.delete(sessionId);
  return formatExecResultForModel(result);
}

async function runCommand(
  context: TurnContext,
  item: CommandExecutionItem,
  options: { cmd: string; cwd: string; shell: string; login: boolean; sandboxed: boolean; args: Record<string, unknown> },
): Promise<ExecResult> {
  const { thread } = context;
  const policy = thread.settings.sandbox;
  let result: ExecResult;
  try {
    result = await thread.exec().exec({
      cmd: options.cmd,
      cwd: options.cwd,
      shell: options.shell,
      login: options.login,
      yieldTimeMs: optionalNumber(options.args, 'yield_time_ms'),
      maxOutputBytes: outputCap(options.args),
      wrap: options.sandboxed ? (argv) => context.sandbox.wrap(argv, policy, options.cwd) : undefined,
      signal: context.signal,
      onOutput: (delta) => emitOutput(context, item.id, delta),
    });
  } catch (error) {
    context.items.complete({ ...item, status: 'failed', aggregatedOutput: (error as Error).message });
    throw error;
  }
  if (result.sessionId !== null) thread.backgroundCommands.set(result.sessionId, { command: item.command, cwd: item.cwd });
  finishItem(context, { ...item, processId: String(result.pid) }, result);
  return result;
}

/** A `commandExecution` item as it starts: running, nothing known of its outcome yet. */
function startingItem(
  id: string,
  fields: Pick<CommandExecutionItem, 'command' | 'cwd' | 'commandActions' | 'processId' | 'source'>,
): CommandExecutionItem {
  return {
    type: 'commandExecution',
    id,
    ...fields,
    status: 'inProgress',
    aggregatedOutput: null,
    exitCode: null,
    durationMs: null,
    pluginId: null,
    scriptPath: null,
    startedAtMs: Date.now(),
    completedAtMs: null,
  };
}

function finishItem(context: TurnContext, item: CommandExecutionItem, result: ExecResult): void {
  const failed = result.exitCode !== null && result.exitCode !== 0;
  context.items.complete({
    ...item,
    status: failed ? 'failed' : 'completed',
    aggregatedOutput: result.aggregatedOutput,
    exitCode: result.exitCode,
    durationMs: Math.round(result.wallTimeMs),
  });
}

function emitOutput(context: TurnContext, itemId: string, delta: string): void {
  context.thread.emit('item/commandExecution/outputDelta', { threadId: context.thread.id, turnId: context.turnId, itemId, delta });
}

/** `max_output_tokens` is in tokens; about four bytes each. */
function outputCap(args: Record<string, unknown>): number | undefined {
  const tokens = optionalNumber(args, 'max_output_tokens');
  return tokens === undefined ? undefined : Math.max(256, Math.floor(tokens * 4));
}

function readCommandDecision(value: unknown): CommandExecutionApprovalDecision {
  if (value === 'accept' || value === 'acceptForSession' || value === 'decline' || value === 'cancel') return value;
  const amendment = (value as { acceptWithExecpolicyAmendment?: { execpolicy_amendment?: unknown } } | null)?.acceptWithExecpolicyAmendment
    ?.execpolicy_amendment;
  if (Array.isArray(amendment) && amendment.length > 0 && amendment.every((part) => typeof part === 'string')) {
    return { acceptWithExecpolicyAmendment: { execpolicy_amendment: amendment } };
  }
  return 'decline';
}
