/**
 * The approval modal: `showWarningMessage` with `modal: true`, what is asked
 * in `detail` (command, folder and reason; or the files a change touches),
 * and one button per offered decision. VS Code adds its own Cancel and
 * cannot close a modal from code; Cancel/Escape resolves undefined.
 */
import { relative } from 'node:path';
import * as vscode from 'vscode';
import type { FileUpdateChange } from '../../server/protocol';
import { approvalChoices, shorten } from './approval-decisions';
import type { PendingApproval } from './approval-router';

export interface ApprovalText {
  message: string;
  detail: string;
}

/** The modal's text; `changes` are the file change's files (from the item), when known. */
export function describeApproval(approval: PendingApproval, changes: readonly FileUpdateChange[] | undefined): ApprovalText {
  const params = approval.params;
  const reason = typeof params.reason === 'string' && params.reason.trim() ? `Reason: ${params.reason.trim()}` : undefined;
  if (approval.method === 'item/fileChange/requestApproval') {
    const files = changes ?? [];
    const root = typeof params.grantRoot === 'string' ? params.grantRoot : commonFolder(files.map((change) => change.path));
    const lines = files.map((change) => describeChange(change, root));
    const what = files.length === 1 ? basename(files[0].path) : files.length > 1 ? `${files.length} files` : 'files';
    return {
      message: `Allow Codex to change ${what}?`,
      detail: [...lines, reason, files.length > 0 ? 'The proposed change is open in the diff editor.' : undefined]
        .filter(Boolean)
        .join('\n'),
    };
  }
  const command = typeof params.command === 'string' ? params.command : undefined;
  const cwd = typeof params.cwd === 'string' ? params.cwd : undefined;
  const network = params.networkApprovalContext as { host?: unknown; protocol?: unknown } | null | undefined;
  if (!command && network && typeof network.host === 'string') {
    return { message: `Allow Codex to reach ${network.host}?`, detail: [`Protocol: ${String(network.protocol)}`, reason].filter(Boolean).join('\n') };
  }
  return {
    message: `Allow Codex to run ${command ? `"${shorten(command, 80)}"` : 'a command'}?`,
    detail: [command ? `Command: ${command}` : undefined, cwd ? `Folder: ${cwd}` : undefined, reason].filter(Boolean).join('\n'),
  };
}

/** Shows the modal; resolves with the chosen decision, or undefined for Cancel/Escape. */
export async function promptApproval(approval: PendingApproval, changes: readonly FileUpdateChange[] | undefined): Promise<unknown> {
  const { message, detail } = describeApproval(approval, changes);
  const choices = approvalChoices(approval.method, approval.params);
  const label = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...choices.map((choice) => choice.label));
  return choices.find((choice) => choice.label === label)?.decision;
}

function describeChange(change: FileUpdateChange, root: string | undefined): string {
  const name = (path: string) => (root ? relative(root, path) || basename(path) : path);
  switch (change.kind.type) {
    case 'add':
      return `Add ${name(change.path)}`;
    case 'delete':
      return `Delete ${name(change.path)}`;
    case 'update':
      return change.kind.move_path ? `Move ${name(change.path)} → ${name(change.kind.move_path)}` : `Update ${name(change.path)}`;
  }
}

function commonFolder(paths: readonly string[]): string | undefined {
  if (paths.length === 0) return undefined;
  const split = paths.map((path) => path.split(/[\\/]/).slice(0, -1));
  const common: string[] = [];
  for (let index = 0; split.every((parts) => index < parts.length && parts[index] === split[0][index]); index++) common.push(split[0][index]);
  return common.length > 1 ? common.join('/') : undefined;
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
