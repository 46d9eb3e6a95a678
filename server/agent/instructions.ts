/**
 * The model's instructions: our base instructions (or the thread's
 * replacement), the client's developer instructions, and the `AGENTS.md`
 * files from the workspace root down to the cwd, nearest last so the most
 * specific rules read last.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const BASE_INSTRUCTIONS = `You are Codex Threads, a coding agent working in the user's editor, on their machine.

How to work:
- Read before you change: look at the relevant files with exec_command (rg, ls, sed -n, cat) before editing.
- Edit files only with apply_patch. Keep changes minimal and in the style of the surrounding code.
- Run the project's tests or build when you change code, and report what you ran and what happened.
- For a task of several steps, keep a short plan with update_plan and update it as you go.
- Commands run in a sandbox. If one fails for lack of permission and it is really needed, run it again with
  sandbox_permissions "require_escalated" and a one-sentence justification; the user will be asked.
- Never run destructive commands (rm -rf, git reset --hard, force pushes) unless the user asked for exactly that.

When you answer: be concise and precise, use Markdown, show code in fenced blocks, and say plainly what you did not do.`;

const MAX_FILE_BYTES = 32 * 1024;

export interface InstructionSet {
  text: string;
  /** The AGENTS.md files that were included. */
  sources: string[];
}

export function buildInstructions(options: { cwd: string; base: string | null; developer: string | null }): InstructionSet {
  const sources = findAgentsFiles(options.cwd);
  const parts = [options.base ?? BASE_INSTRUCTIONS];
  if (options.developer) parts.push(options.developer);
  for (const path of sources) {
    const text = readCapped(path);
    if (text.trim()) parts.push(`# Instructions from ${path}\n\n${text.trim()}`);
  }
  return { text: parts.join('\n\n'), sources };
}

/** AGENTS.md files from the workspace root (nearest folder with .git, else the cwd) down to the cwd. */
export function findAgentsFiles(cwd: string): string[] {
  const folders: string[] = [];
  let current = resolve(cwd);
  let root: string | null = null;
  for (;;) {
    folders.push(current);
    if (existsSync(join(current, '.git'))) {
      root = current;
      break;
    }
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  const chain = root ? folders.reverse() : [resolve(cwd)];
  return chain.map((folder) => join(folder, 'AGENTS.md')).filter((path) => isFile(path));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readCapped(path: string): string {
  try {
    const buffer = readFileSync(path);
    const text = buffer.subarray(0, MAX_FILE_BYTES).toString('utf8');
    return buffer.length > MAX_FILE_BYTES ? `${text}\n[… truncated: ${path} is larger than ${MAX_FILE_BYTES} bytes …]` : text;
  } catch {
    return '';
  }
}
