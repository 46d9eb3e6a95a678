/**
 * The tools offered to the model, in the names and shapes Codex-trained
 * models expect: `exec_command` + `write_stdin` (a command that may keep
 * running, polled later), `apply_patch` (free-form patch text; a function
 * with one string parameter where the API has no custom tools) and
 * `update_plan`.
 */
import type { ToolSpec } from '../agent/model-events';
import { APPLY_PATCH_LARK_GRAMMAR } from './apply-patch-grammar';

export const EXEC_COMMAND: ToolSpec = {
  kind: 'function',
  name: 'exec_command',
  description:
    'Runs a shell command and returns its output. If it is still running after yield_time_ms, you get a session_id and can ' +
    'poll it or send it input with write_stdin. Set sandbox_permissions to "require_escalated" with a justification to ask ' +
    'the user to run it outside the sandbox.',
  parameters: {
    type: 'object',
    properties: {
      cmd: { type: 'string', description: 'The shell command to run.' },
      workdir: { type: 'string', description: 'Working directory; defaults to the turn cwd.' },
      shell: { type: 'string', description: 'Shell binary; defaults to /bin/bash.' },
      login: { type: 'boolean', description: 'Run as a login shell (-lc). Default true.' },
      tty: { type: 'boolean', description: 'Ignored: commands run without a terminal.' },
      yield_time_ms: { type: 'number', description: 'How long to wait for the command to finish before returning with it still running.' },
      max_output_tokens: { type: 'number', description: 'Upper bound on the output returned to you.' },
      sandbox_permissions: { type: 'string', enum: ['use_default', 'require_escalated'], description: 'Ask to run outside the sandbox.' },
      justification: { type: 'string', description: 'Why escalation is needed; shown to the user.' },
      prefix_rule: { type: 'array', items: { type: 'string' }, description: 'A command prefix to offer the user for approving similar commands.' },
    },
    required: ['cmd'],
    additionalProperties: false,
  },
};

export const WRITE_STDIN: ToolSpec = {
  kind: 'function',
  name: 'write_stdin',
  description: 'Writes characters to the standard input of a command still running from exec_command (empty chars just polls for new output).',
  parameters: {
    type: 'object',
    properties: {
      session_id: { type: 'number', description: 'The session id exec_command returned.' },
      chars: { type: 'string', description: 'Characters to write; may be empty.' },
      yield_time_ms: { type: 'number', description: 'How long to wait for output.' },
      max_output_tokens: { type: 'number', description: 'Upper bound on the output returned to you.' },
    },
    required: ['session_id'],
    additionalProperties: false,
  },
};

const APPLY_PATCH_DESCRIPTION =
  'Edits files with a patch in this format:\n*** Begin Patch\n*** Add File: path\n+content\n*** Update File: path\n' +
  '*** Move to: new/path (optional)\n@@ optional line that locates the change\n context\n-removed\n+added\n*** Delete File: path\n' +
  '*** End Patch\nPaths are relative to the working directory. Give enough unchanged context lines to locate each change.';

export const APPLY_PATCH_CUSTOM: ToolSpec = {
  kind: 'custom',
  name: 'apply_patch',
  description: APPLY_PATCH_DESCRIPTION,
  grammar: { syntax: 'lark', definition: APPLY_PATCH_LARK_GRAMMAR },
};

/** For APIs without free-form tools (Chat Completions): the same patch in one string parameter. */
export const APPLY_PATCH_FUNCTION: ToolSpec = {
  kind: 'function',
  name: 'apply_patch',
  description: APPLY_PATCH_DESCRIPTION,
  parameters: {
    type: 'object',
    properties: { input: { type: 'string', description: 'The whole patch, from *** Begin Patch to *** End Patch.' } },
    required: ['input'],
    additionalProperties: false,
  },
};

export const UPDATE_PLAN: ToolSpec = {
  kind: 'function',
  name: 'update_plan',
  description: 'Records your plan for this task as a list of steps with their status; call it again as steps progress.',
  parameters: {
    type: 'object',
    properties: {
      explanation: { type: 'string' },
      plan: {
        type: 'array',
        items: {
          type: 'object',
          properties: { step: { type: 'string' }, status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] } },
          required: ['step', 'status'],
          additionalProperties: false,
        },
      },
    },
    required: ['plan'],
    additionalProperties: false,
  },
};

export function toolSpecs(options: { customTools: boolean }): ToolSpec[] {
  return [EXEC_COMMAND, WRITE_STDIN, options.customTools ? APPLY_PATCH_CUSTOM : APPLY_PATCH_FUNCTION, UPDATE_PLAN];
}
