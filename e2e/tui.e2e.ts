/**
 * The official Codex TUI (`codex --remote ws://…`, @openai/codex 0.169.0
 * from e2e/package.json, installed on demand by `e2e/setup.sh --tools-only`)
 * used against our built server (dist/server.js) and the scripted loopback
 * model, typed into and read from a real terminal: a tmux pane of a private
 * tmux server (its socket in the run folder, never the user's tmux server),
 * with a scratch HOME.
 *
 * One conversation grows through the steps: a streamed answer, a command
 * approved in the TUI and its output, Esc interrupting a turn, then the TUI
 * quit and reopened twice (the resume picker, then `codex resume <id>`),
 * each time showing the earlier conversation. A second test has the model
 * edit a file in the server's working folder: one patch approved with `y`
 * and written, the next declined with Esc and not written. A third connects
 * with `--remote-auth-token-env` to a server started with a token file.
 *
 * Every wait polls the pane with a deadline; a failure prints the pane, the
 * TUI's stderr and the server's stderr. Skips only when tmux is missing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { listenLoopback, readBody, sleep } from '../test/support/http-helpers';
import { deltasMessage, startMockModel, textMessage, type MockModel } from '../test/support/mock-model';
import { SERVER_JS, startServer, type ServerProcess } from '../test/support/server-process';
import { callIdOf, execCall, patchCall, toolOutputs } from '../test/support/tool-calls';
import { officialCodex } from './install';

const TMUX_MISSING = spawnSync('tmux', ['-V']).error ? 'tmux is not installed (apt-get install tmux): the Codex TUI test needs a terminal' : false;

const FIRST_PROMPT = 'say hello';
const GREETING_CHUNKS = ['Hello from ', 'the scripted ', 'model, ', 'streamed ', 'in pieces.'];
const GREETING = GREETING_CHUNKS.join('');
// The output (tui-e2e-42) differs from the command's text, so finding it proves the command ran.
const COMMAND = 'echo tui-e2e-$((6*7))';
const COMMAND_OUTPUT = 'tui-e2e-42';
const AFTER_COMMAND = 'The command has finished.';
const STORY_START = 'Once upon a time';
const AFTER_RESUME = 'Still here after the resume.';
/** The TUI names a new thread by asking the model for a title, in an ephemeral side thread (`threadSource: "thread_title"`). */
const TITLE_PROMPT_MARK = 'Generate a concise, single-line task title';
const TITLE = 'Greet the user';
const PATCH_PROMPT = 'Would you like to make the following edits?';
const AFTER_PATCH = 'app.txt now says BETA.';
const AFTER_DECLINE = 'You declined, so app.txt is unchanged.';

/**
 * The scripted model behind a small router: the TUI's title requests (sent
 * whenever a thread gets its first message, in parallel with the real turn)
 * are answered with a title by a model of their own, so that they never take
 * a reply meant for the conversation, whichever arrives first.
 */
interface RoutedModel {
  baseUrl: string;
  /** The conversation's model; its `requests` hold only conversation requests. */
  main: MockModel;
  close(): Promise<void>;
}

async function startRoutedModel(): Promise<RoutedModel> {
  const main = await startMockModel();
  const titles = await startMockModel();
  const router = createServer(async (request, response) => {
    const body = await readBody(request);
    const forTitle = body.includes(TITLE_PROMPT_MARK);
    if (forTitle) titles.enqueue({ output: [textMessage(JSON.stringify({ title: TITLE }))] });
    const target = new URL(request.url ?? '/', (forTitle ? titles : main).baseUrl);
    // An interrupted turn closes our request: close the forwarded one too, so the mock sees it.
    const abort = new AbortController();
    response.on('close', () => abort.abort());
    try {
      const upstream = await fetch(target, {
        method: request.method,
        headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
        body: request.method === 'POST' ? body : undefined,
        signal: abort.signal,
      });
      response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      const reader = upstream.body?.getReader();
      for (let part = await reader?.read(); part && !part.done; part = await reader!.read()) response.write(part.value);
      response.end();
    } catch {
      response.destroy();
    }
  });
  const baseUrl = await listenLoopback(router);
  return {
    baseUrl,
    main,
    async close() {
      router.closeAllConnections();
      await new Promise<void>((resolve) => router.close(() => resolve()));
      await Promise.all([main.close(), titles.close()]);
    },
  };
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * A program running in a pane of the test's own tmux server. The program
 * sees only the environment given (env -i); when it exits, the pane stays
 * with "[exited N]" so its last words can still be read.
 */
class TmuxPane {
  constructor(
    private readonly socket: string,
    private readonly name: string,
    private readonly stderrFile: string,
  ) {}

  static open(socket: string, name: string, options: { argv: string[]; env: Record<string, string>; cwd: string; stderrFile: string }): TmuxPane {
    const env = Object.entries(options.env).map(([key, value]) => `${key}=${quote(value)}`);
    const command = `env -i ${env.join(' ')} ${options.argv.map(quote).join(' ')} 2>${quote(options.stderrFile)}; echo "[exited $?]"; sleep 600`;
    tmux(socket, ['new-session', '-d', '-s', name, '-x', '120', '-y', '50', '-c', options.cwd, command]);
    return new TmuxPane(socket, name, options.stderrFile);
  }

  /** The visible screen, wrapped lines joined. */
  screen(): string {
    return tmux(this.socket, ['capture-pane', '-p', '-J', '-t', this.name]);
  }

  type(text: string): void {
    tmux(this.socket, ['send-keys', '-t', this.name, '-l', text]);
  }

  press(key: string): void {
    tmux(this.socket, ['send-keys', '-t', this.name, key]);
  }

  /** Polls the screen until `pattern` shows; returns that screen. */
  async waitFor(pattern: string | RegExp, what: string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.describe()}`);
      await sleep(100);
    }
  }

  describe(): string {
    const stderr = existsSync(this.stderrFile) ? readFileSync(this.stderrFile, 'utf8').slice(-2000) : '';
    return `--- the TUI's screen ---\n${this.screen().trimEnd()}\n--- the TUI's stderr ---\n${stderr}`;
  }

  close(): void {
    tmux(this.socket, ['kill-session', '-t', this.name], true);
  }
}

/**
 * Runs tmux against the server of `socket`, a socket path in the test's run
 * folder: never the user's tmux server, and gone with the folder.
 * -f /dev/null: the user's ~/.tmux.conf must not change keys or sizes.
 */
function tmux(socket: string, args: string[], ignoreFailure = false): string {
  const result = spawnSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
  if (!ignoreFailure && (result.error || result.status !== 0)) {
    throw new Error(`tmux ${args[0]} failed: ${result.error?.message ?? result.stderr}`);
  }
  return result.stdout ?? '';
}

describe('the official Codex TUI against our server', { skip: TMUX_MISSING, timeout: 300_000 }, () => {
  let run: string;
  let socket: string;
  let codexWrapper: string;
  let model: RoutedModel;
  let panes = 0;

  before(async () => {
    assert.ok(existsSync(SERVER_JS), 'run `npm run build` first (npm run test:e2e builds)');
    codexWrapper = officialCodex();
    run = mkdtempSync(join(tmpdir(), 'codex-threads-e2e-tui-'));
    socket = join(run, 'tmux.sock');
    // tmux exits when its last session ends, and a new-session racing that exit fails with "server
    // exited unexpectedly": one idle session keeps the test's tmux server up between TUI panes.
    tmux(socket, ['new-session', '-d', '-s', 'keeper', '-x', '80', '-y', '10', 'sleep 3600']);
    model = await startRoutedModel();
  });

  after(async () => {
    if (socket) tmux(socket, ['kill-server'], true);
    await model?.close();
    if (run && !process.env.E2E_KEEP) rmSync(run, { recursive: true, force: true });
  });

  /** A scratch HOME for the TUI: its config turns off what would make typing or the screen timing-dependent. */
  function tuiHome(name: string): string {
    const home = join(run, name);
    mkdirSync(join(home, '.codex'), { recursive: true });
    writeFileSync(
      join(home, '.codex', 'config.toml'),
      [
        '[tui]',
        // Keys sent by tmux arrive as fast as a paste; a paste-burst guard would turn Enter into a newline.
        'disable_paste_burst = true',
        'animations = false',
        // Our server's version (0.1.0) is "older than" the CLI's 0.169.0: true, and beside the point here.
        'show_server_version_notice = false',
        '',
      ].join('\n'),
    );
    return home;
  }

  function openTui(home: string, args: string[], extraEnv: Record<string, string> = {}): TmuxPane {
    panes += 1;
    return TmuxPane.open(socket, `tui-${panes}`, {
      argv: [process.execPath, codexWrapper, ...args],
      env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', LANG: 'C.UTF-8', ...extraEnv },
      cwd: run,
      stderrFile: join(run, `tui-${panes}.stderr`),
    });
  }

  /** Our server on loopback; its folder (where the TUI's threads work) is a scratch one unless given, never the repository. */
  async function startOurServer(extraArgs: string[] = [], cwd?: string): Promise<{ server: ServerProcess; url: string }> {
    const server = startServer({
      cwd: cwd ?? mkdtempSync(join(run, 'server-cwd-')),
      env: {
        OPENAI_BASE_URL: model.baseUrl,
        OPENAI_API_KEY: 'sk-e2e-not-a-real-key',
        CODEX_THREADS_MODEL: 'mock-model',
        CODEX_THREADS_LOG: 'debug',
      },
      args: ['app-server', '--listen', 'ws://127.0.0.1:0', ...extraArgs],
    });
    const [, url] = await server.waitForStderr(/listening on (ws:\/\/[^ ]+)/, 15_000);
    return { server, url };
  }

  /** Runs `body`; on failure adds the server's log to the error (the pane's screen is in the wait errors). */
  async function withServerLog(server: ServerProcess, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      const log = `\n--- our server's stderr ---\n${server.stderr.slice(-6000)}`;
      if (error instanceof Error) {
        error.message += log;
        throw error;
      }
      throw new Error(String(error) + log);
    }
  }

  async function submit(pane: TmuxPane, prompt: string): Promise<void> {
    pane.type(prompt);
    await pane.waitFor(prompt, `"${prompt}" in the composer`);
    pane.press('Enter');
  }

  /** Quits with /quit and returns the thread id from the TUI's parting "resume <id>" hint. */
  async function quit(pane: TmuxPane): Promise<string> {
    pane.type('/quit');
    await pane.waitFor('/quit', 'the /quit command in the composer');
    pane.press('Enter');
    const screen = await pane.waitFor('[exited 0]', 'the TUI to exit');
    const id = /resume ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(screen)?.[1];
    assert.ok(id, `no "resume <id>" hint on the parting screen:\n${screen}`);
    return id;
  }

  const conversationRequests = () => model.main.requests.filter((request) => request.path.endsWith('/responses'));

  test('prompt, streamed answer, an approved command, Esc, then the picker and `codex resume <id>` show the conversation again', async () => {
    model.main.reset();
    model.main.enqueue(
      { output: [deltasMessage(GREETING_CHUNKS, { delayMs: 400 })] },
      { output: [execCall(COMMAND, { sandbox_permissions: 'require_escalated', justification: 'to show the approval prompt' })] },
      { output: [textMessage(AFTER_COMMAND, { chunks: 3 })] },
      { output: [deltasMessage([STORY_START])], hang: true },
      { output: [textMessage(AFTER_RESUME, { chunks: 3 })] },
    );
    const { server, url } = await startOurServer();
    const home = tuiHome('home-main');
    try {
      await withServerLog(server, async () => {
        // 1. Start: the TUI reaches its composer only if its startup requests all succeeded.
        let pane = openTui(home, ['--remote', url]);
        await pane.waitFor(/mock-model/, 'the TUI ready, with the model from our config/read', 30_000);

        // 2. A streamed answer: a part of it shows before the whole.
        await submit(pane, FIRST_PROMPT);
        const partial = await pane.waitFor(GREETING_CHUNKS[0] + GREETING_CHUNKS[1].trim(), 'the start of the streamed answer');
        assert.ok(!partial.includes(GREETING), 'the answer appeared at once, not streamed');
        await pane.waitFor(GREETING, 'the whole streamed answer');

        // 3. A command that needs approval: approved in the TUI, its output shown, and sent to the model.
        await submit(pane, 'run the check command');
        await pane.waitFor('Would you like to run the following command?', 'the approval prompt');
        await pane.waitFor(COMMAND, 'the command in the approval prompt');
        pane.press('y');
        await pane.waitFor(COMMAND_OUTPUT, "the command's output");
        await pane.waitFor(AFTER_COMMAND, 'the answer after the command');
        assert.match(pane.screen(), /You approved codex to run/);
        assert.match(toolOutputs(conversationRequests()[2].body).values().next().value ?? '', new RegExp(COMMAND_OUTPUT));

        // 4. Esc interrupts a turn whose model never finishes.
        await submit(pane, 'tell me a long story');
        await pane.waitFor(STORY_START, 'the start of the story');
        pane.press('Escape');
        await pane.waitFor('Conversation interrupted', 'the interrupted turn');
        const threadId = await quit(pane);
        pane.close();

        // 5. The resume picker (its own short connection for thread/list), then the conversation again.
        pane = openTui(home, ['resume', '--remote', url]);
        await pane.waitFor('Resume a previous session', 'the resume picker', 30_000);
        await pane.waitFor(TITLE, "our thread in the picker, under the TUI's generated title");
        pane.press('Enter');
        await pane.waitFor(GREETING, 'the first answer again after resuming from the picker', 30_000);
        await pane.waitFor(COMMAND_OUTPUT, "the command's output again");
        await pane.waitFor('Conversation interrupted', 'the interrupted turn again');
        await submit(pane, 'are you still there?');
        await pane.waitFor(AFTER_RESUME, 'an answer in the resumed thread');
        const resumedBody = JSON.stringify(conversationRequests().at(-1)?.body.input);
        assert.ok(resumedBody.includes(FIRST_PROMPT) && resumedBody.includes(COMMAND_OUTPUT), 'the model saw the earlier conversation');
        assert.equal(await quit(pane), threadId);
        pane.close();

        // 6. `codex resume <id>` from a fresh HOME, so everything shown comes from our server:
        // the whole conversation, including the turn after the first resume.
        pane = openTui(tuiHome('home-resume'), ['resume', threadId, '--remote', url]);
        await pane.waitFor(AFTER_RESUME, 'the latest answer after `codex resume <id>`', 30_000);
        const screen = await pane.waitFor(GREETING, 'the first answer after `codex resume <id>`');
        for (const text of [FIRST_PROMPT, COMMAND_OUTPUT, AFTER_COMMAND, 'are you still there?']) assert.ok(screen.includes(text), `"${text}" is not on the screen:\n${screen}`);
        assert.equal(await quit(pane), threadId);
        pane.close();
      });
    } finally {
      await server.terminate();
    }
  });

  test('a file change: the TUI shows the patch, `y` applies it; Esc declines the next one and the file stays as it was', async () => {
    model.main.reset();
    // The TUI's threads run in the server's cwd (it shows it in its header): a folder of the run, not the repository.
    const workspace = join(run, 'workspace');
    mkdirSync(workspace, { recursive: true });
    const file = join(workspace, 'app.txt');
    writeFileSync(file, 'alpha\nbeta\ngamma\n');
    const approved = patchCall('*** Begin Patch\n*** Update File: app.txt\n@@\n alpha\n-beta\n+BETA\n gamma\n*** End Patch');
    const declined = patchCall('*** Begin Patch\n*** Update File: app.txt\n@@\n alpha\n-BETA\n+Beta\n gamma\n*** End Patch');
    model.main.enqueue(
      { output: [approved] },
      { output: [textMessage(AFTER_PATCH, { chunks: 2 })] },
      { output: [declined] },
      { output: [textMessage(AFTER_DECLINE, { chunks: 2 })] },
    );
    const { server, url } = await startOurServer([], workspace);
    try {
      await withServerLog(server, async () => {
        const pane = openTui(tuiHome('home-patch'), ['--remote', url]);
        await pane.waitFor(/mock-model/, 'the TUI ready', 30_000);
        await pane.waitFor(workspace, "our server's working folder in the TUI's header");

        // 1. The TUI starts its threads read-only, so the edit needs approval; the prompt names the file,
        // the diff above it comes from our fileChange item, and nothing is written before the answer.
        await submit(pane, 'make beta loud');
        let screen = await pane.waitFor(PATCH_PROMPT, 'the file-change approval prompt');
        assert.ok(screen.includes(`Destination: ${file}`), `the prompt does not name ${file}:\n${screen}`);
        assert.match(screen, /Edited app\.txt \(\+1 -1\)\s+2 -beta\s+2 \+BETA/);
        assert.match(screen, /Yes, proceed \(y\)/);
        assert.equal(readFileSync(file, 'utf8'), 'alpha\nbeta\ngamma\n', 'written before the approval');
        pane.press('y');
        await pane.waitFor(AFTER_PATCH, 'the answer after the approved patch');
        assert.equal(readFileSync(file, 'utf8'), 'alpha\nBETA\ngamma\n');
        const afterPatch = conversationRequests()[1];
        assert.equal(toolOutputs(afterPatch.body).get(callIdOf(approved)), 'Success. Updated the following files:\nM app.txt');

        // 2. The prompt's "No" is Esc, which cancels the turn: the file keeps the first patch only,
        // and the model is not asked again in that turn.
        await submit(pane, 'make it quiet again');
        screen = await pane.waitFor(/2 \+Beta[\s\S]*Would you like to make the following edits\?/, 'the second approval prompt');
        assert.match(screen, /No, and tell Codex what to do differently \(esc\)/);
        pane.press('Escape');
        await pane.waitFor('Conversation interrupted', 'the turn ended by the declined patch');
        assert.equal(readFileSync(file, 'utf8'), 'alpha\nBETA\ngamma\n', 'the declined patch was written');
        assert.equal(conversationRequests().length, 3, 'the model was asked again after the decline');

        // 3. The next turn carries the declined call with an output (the Responses API refuses a call
        // without one) that tells the model nothing was changed.
        await submit(pane, 'what happened?');
        await pane.waitFor(AFTER_DECLINE, 'the answer in the next turn');
        const declinedOutput = toolOutputs(conversationRequests()[3].body).get(callIdOf(declined));
        assert.match(declinedOutput ?? '(no output)', /declined[\s\S]*no file was modified/);
        await quit(pane);
        pane.close();
      });
    } finally {
      await server.terminate();
    }
  });

  test('--remote-auth-token-env: the right token connects, a wrong one is refused with 401', async () => {
    model.main.reset();
    model.main.enqueue({ output: [textMessage('Answered over an authenticated connection.', { chunks: 2 })] });
    const tokenFile = join(run, 'ws-token');
    writeFileSync(tokenFile, 'e2e-token-4f1c9b\n', { mode: 0o600 });
    const { server, url } = await startOurServer(['--ws-token-file', tokenFile]);
    const home = tuiHome('home-token');
    try {
      await withServerLog(server, async () => {
        let pane = openTui(home, ['--remote', url, '--remote-auth-token-env', 'CODEX_E2E_TOKEN'], { CODEX_E2E_TOKEN: 'e2e-token-4f1c9b' });
        await pane.waitFor(/mock-model/, 'the TUI ready over the authenticated connection', 30_000);
        await submit(pane, 'hello with a token');
        await pane.waitFor('Answered over an authenticated connection.', 'the answer');
        await quit(pane);
        pane.close();

        pane = openTui(home, ['--remote', url, '--remote-auth-token-env', 'CODEX_E2E_TOKEN'], { CODEX_E2E_TOKEN: 'not-the-token' });
        await pane.waitFor('[exited 1]', 'the TUI to give up on a wrong token', 30_000);
        assert.match(pane.describe(), /401 Unauthorized/);
        pane.close();
      });
    } finally {
      await server.terminate();
    }
  });
});

