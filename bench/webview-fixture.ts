/**
 * A deterministic long thread for the webview render benchmark: turns that
 * look like real agent work (a prompt, reasoning, a commentary note, a
 * command with output, a file change with a diff, a markdown answer with a
 * highlighted code block), repeated until the thread holds `itemCount`
 * items. Shaped exactly like `thread/read`'s `Thread`, so it travels the
 * same `thread/history` path the host uses after a reload.
 */
import type { Thread, ThreadItem, Turn } from '../server/protocol';

const CWD = '/work/project';

export function buildFixtureThread(itemCount: number): Thread {
  const turns: Turn[] = [];
  let made = 0;
  for (let turnIndex = 0; made < itemCount; turnIndex++) {
    const items = turnItems(turnIndex).slice(0, itemCount - made);
    made += items.length;
    turns.push({
      id: `turn-${turnIndex}`,
      items,
      status: 'completed',
      error: null,
      startedAt: 1_760_000_000 + turnIndex * 60,
      completedAt: 1_760_000_000 + turnIndex * 60 + 42,
      durationMs: 42_000,
      itemsView: 'full',
    });
  }
  return {
    id: 'bench-thread',
    sessionId: 'bench-thread',
    preview: 'Fix the failing test',
    name: 'Render benchmark',
    ephemeral: false,
    modelProvider: 'mock',
    model: 'mock-model',
    reasoningEffort: null,
    createdAt: 1_760_000_000,
    updatedAt: 1_760_000_000 + turns.length * 60,
    recencyAt: null,
    status: { type: 'idle' },
    path: null,
    cwd: CWD,
    cliVersion: '0.1.0',
    originator: null,
    source: 'vscode',
    forkedFromId: null,
    parentThreadId: null,
    agentNickname: null,
    agentRole: null,
    threadSource: null,
    gitInfo: null,
    historyMode: 'legacy',
    projectId: null,
    section: null,
    sectionEnteredAt: null,
    turns,
  };
}

function turnItems(n: number): ThreadItem[] {
  const at = { startedAtMs: 1_760_000_000_000 + n * 60_000, completedAtMs: 1_760_000_000_000 + n * 60_000 + 1000 };
  const file = `src/module-${n % 40}.ts`;
  const output = Array.from({ length: 3 + (n % 25) }, (_, line) => `  ✓ case ${n}.${line} passes (${line + 3} ms)`).join('\n');
  return [
    {
      type: 'userMessage',
      id: `user-${n}`,
      clientId: null,
      content: [{ type: 'text', text: `Step ${n}: the test in ${file} fails with "expected 3, got 4". Can you fix it and run the suite?`, text_elements: [] }],
      ...at,
    },
    { type: 'reasoning', id: `rs-${n}`, summary: [`**Inspecting ${file}**\n\nThe off-by-one comes from the loop bound.`], content: [], ...at },
    agentMessage(`note-${n}`, `I'll look at \`${file}\` and the failing assertion first.`, 'commentary', at),
    {
      type: 'commandExecution',
      id: `cmd-${n}`,
      command: `/bin/bash -lc 'npm test -- ${file}'`,
      cwd: CWD,
      status: 'completed',
      commandActions: [{ type: 'unknown', command: `npm test -- ${file}` }],
      aggregatedOutput: output,
      exitCode: n % 7 === 0 ? 1 : 0,
      durationMs: 1200 + (n % 13) * 170,
      processId: null,
      source: 'agent',
      pluginId: null,
      scriptPath: null,
      ...at,
    },
    {
      type: 'fileChange',
      id: `patch-${n}`,
      status: 'completed',
      changes: [
        {
          path: `${CWD}/${file}`,
          kind: { type: 'update', move_path: null },
          diff: [
            `@@ -${10 + n},7 +${10 + n},7 @@ export function count(items: number[]): number {`,
            '   let total = 0;',
            `-  for (let i = 0; i <= items.length; i++) {`,
            `+  for (let i = 0; i < items.length; i++) {`,
            '     total += items[i] ?? 0;',
            '   }',
            '   return total;',
            ' }',
          ].join('\n'),
        },
      ],
      ...at,
    },
    agentMessage(
      `msg-${n}`,
      [
        `Fixed the loop bound in \`${file}\` (step ${n}): it read one element past the end.`,
        '',
        '```ts',
        'export function count(items: number[]): number {',
        '  let total = 0;',
        '  for (let i = 0; i < items.length; i++) total += items[i] ?? 0;',
        '  return total;',
        '}',
        '```',
        '',
        `- The suite passes: **${3 + (n % 25)} tests**.`,
        '- No other callers depend on the old behaviour.',
      ].join('\n'),
      'final_answer',
      at,
    ),
  ];
}

function agentMessage(id: string, text: string, phase: 'commentary' | 'final_answer', at: object): ThreadItem {
  return { type: 'agentMessage', id, text, phase, memoryCitation: null, moderation: null, delivery: null, questions: null, ...at } as ThreadItem;
}
