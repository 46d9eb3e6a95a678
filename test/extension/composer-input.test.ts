/** What the composer's text, `@` mentions and "Ask about selection" become on the wire; the fuzzy file search. */
import './use-fake-vscode';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { WorkspaceFileSearch } from '../../extension/chat/file-search';
import { fuzzyFilter, fuzzyScore } from '../../extension/chat/fuzzy-match';
import { selectionPrompt } from '../../extension/chat/selection-prompt';
import { buildUserInput, resolveMention, textInput } from '../../extension/chat/user-input';
import { resetFake, Uri, workspace } from './fake-vscode';

const single = { cwd: '/work/app', roots: [{ name: 'app', path: '/work/app' }] };
const multi = { cwd: '/work/app', roots: [{ name: 'app', path: '/work/app' }, { name: 'lib', path: '/work/lib' }] };

describe('user input', () => {
  it('is the text alone without mentions', () => {
    assert.deepEqual(buildUserInput('Hello', undefined, single), [textInput('Hello')]);
  });

  it('names mentioned files with their absolute paths, and attaches images', () => {
    assert.deepEqual(buildUserInput('Look at @src/a.ts and @logo.png', ['src/a.ts', 'logo.png', 'src/a.ts'], single), [
      textInput('Look at @src/a.ts and @logo.png'),
      textInput('Files the user mentioned:\n- src/a.ts (/work/app/src/a.ts)\n- logo.png (/work/app/logo.png)'),
      { type: 'localImage', path: '/work/app/logo.png' },
    ]);
  });

  it('resolves multi-root mentions by folder name and drops any that leave the workspace', () => {
    assert.equal(resolveMention('lib/index.ts', multi), '/work/lib/index.ts');
    assert.equal(resolveMention('src/x.ts', multi), '/work/app/src/x.ts');
    assert.equal(resolveMention('../../etc/passwd', single), undefined);
    assert.equal(resolveMention('/etc/passwd', single), undefined);
    assert.deepEqual(buildUserInput('hi', ['../secret.png'], single), [textInput('hi')]);
  });
});

describe('fuzzy file matching', () => {
  it('needs the characters in order, case-insensitively', () => {
    assert.notEqual(fuzzyScore('cp', 'src/ChatPanel.ts'), undefined);
    assert.equal(fuzzyScore('pc', 'src/cat.ts'), undefined);
  });

  it('ranks file-name and word-start matches first, shorter paths on ties', () => {
    const files = ['extension/chat/chat-panel.ts', 'extension/chat/panels/compact.ts', 'test/extension/chat-router.test.ts', 'docs/cap.md'];
    assert.deepEqual(fuzzyFilter('chatpanel', files, (file) => file, 10), ['extension/chat/chat-panel.ts', 'extension/chat/panels/compact.ts']);
    assert.equal(fuzzyFilter('router', files, (file) => file, 10)[0], 'test/extension/chat-router.test.ts');
    assert.deepEqual(fuzzyFilter('', files, (file) => file, 2), ['docs/cap.md', 'extension/chat/chat-panel.ts']);
  });

  it('searches the workspace files, at most 50 results', async () => {
    resetFake();
    workspace.workspaceFolders = [{ name: 'app', uri: { fsPath: '/work/app' } }];
    workspace.files = Array.from({ length: 80 }, (_, index) => Uri.file(`/work/app/src/file${index}.ts`));
    const search = new WorkspaceFileSearch();
    const results = await search.search('file');
    assert.equal(results.length, 50);
    const matches = await search.search('file7');
    assert.deepEqual(matches.slice(0, 11), [
      { path: 'src/file7.ts', label: 'file7.ts' },
      ...Array.from({ length: 10 }, (_, index) => ({ path: `src/file${70 + index}.ts`, label: `file${70 + index}.ts` })),
    ], 'contiguous matches first, shortest first');
    assert.equal(matches.length, 17, 'then the scattered ones (file17, file27…)');
  });
});

describe('ask about selection', () => {
  beforeEach(() => resetFake());

  it('sends the question, the file, the line range and the code in a fence it cannot close', () => {
    const prompt = selectionPrompt('Why ```this```?', { path: 'src/a.md', startLine: 3, endLine: 5, languageId: 'markdown', text: 'a\n```js\nb\n```' });
    assert.equal(prompt, 'Why ```this```?\n\nFrom `src/a.md` (lines 3-5):\n\n````markdown\na\n```js\nb\n```\n````');
    assert.match(selectionPrompt('', { path: 'x.ts', startLine: 1, endLine: 1, languageId: 'typescript', text: 'x' }), /^Explain this code\.\n\nFrom `x.ts` \(line 1\)/);
  });
});
