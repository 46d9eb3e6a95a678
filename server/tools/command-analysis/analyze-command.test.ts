import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeCommand, analyzeDetailed } from './analyze-command';

function commands(command: string): Array<{ argv: string[]; redirects: boolean }> {
  const analysis = analyzeCommand(command);
  assert.equal(analysis.complex, false, `expected ${JSON.stringify(command)} to be understood (${analyzeDetailed(command).reason})`);
  return analysis.commands;
}

function argvs(command: string): string[][] {
  return commands(command).map((simple) => simple.argv);
}

function assertComplex(command: string): void {
  assert.deepEqual(analyzeCommand(command), { commands: [], complex: true }, `expected ${JSON.stringify(command)} to be complex`);
}

test('a single command is one simple command', () => {
  assert.deepEqual(analyzeCommand('git status'), { commands: [{ argv: ['git', 'status'], redirects: false }], complex: false });
});

test('the empty string runs nothing and is not complex', () => {
  assert.deepEqual(analyzeCommand(''), { commands: [], complex: false });
  assert.deepEqual(analyzeCommand('   \t '), { commands: [], complex: false });
  assert.deepEqual(analyzeCommand('# only a comment'), { commands: [], complex: false });
});

test('splits lists and pipelines on every operator, in order', () => {
  assert.deepEqual(argvs('a; b && c || d | e & f'), [['a'], ['b'], ['c'], ['d'], ['e'], ['f']]);
  assert.deepEqual(argvs('a;b&&c||d|e&f'), [['a'], ['b'], ['c'], ['d'], ['e'], ['f']]);
  assert.deepEqual(argvs('make 2>&1 |& tee log'), [['make'], ['tee', 'log']]);
  assert.deepEqual(argvs('sleep 5 &'), [['sleep', '5']]);
  assert.deepEqual(argvs('ls;'), [['ls']]);
});

test('an unquoted newline separates commands, as in bash', () => {
  assert.deepEqual(argvs('git status\nrm -rf ~'), [['git', 'status'], ['rm', '-rf', '~']]);
  assert.deepEqual(argvs('a\n\n\nb\n'), [['a'], ['b']]);
  // After `|`, `&&`, `||` a newline only continues the line.
  assert.deepEqual(argvs('a |\n b &&\n c ||\n d'), [['a'], ['b'], ['c'], ['d']]);
  // A quoted newline is part of the word.
  assert.deepEqual(argvs("echo 'a\nb'"), [['echo', 'a\nb']]);
  assert.deepEqual(argvs('echo "a\nb"'), [['echo', 'a\nb']]);
});

test('an escaped newline continues the word or line', () => {
  assert.deepEqual(argvs('echo a \\\n b'), [['echo', 'a', 'b']]);
  assert.deepEqual(argvs('gi\\\nt status'), [['git', 'status']]);
});

test('comments end at the newline and cannot hide the next line', () => {
  assert.deepEqual(argvs('ls # list\nrm -rf ~'), [['ls'], ['rm', '-rf', '~']]);
  assert.deepEqual(argvs('ls;# c'), [['ls']]);
});

test('a # inside a word is not a comment (shell-quote would hide the rest)', () => {
  assert.deepEqual(argvs('echo a#b; rm -rf ~'), [['echo', 'a#b'], ['rm', '-rf', '~']]);
  assert.deepEqual(argvs('git status#; rm -rf ~'), [['git', 'status#'], ['rm', '-rf', '~']]);
  assert.deepEqual(argvs("echo '#'; rm x"), [['echo', '#'], ['rm', 'x']]);
});

test('quotes are removed the way bash removes them', () => {
  assert.deepEqual(argvs('\'git\' "status"'), [['git', 'status']]);
  assert.deepEqual(argvs('g"i"t st\'at\'us'), [['git', 'status']]);
  assert.deepEqual(argvs("echo 'it'\\''s'"), [['echo', "it's"]]);
  assert.deepEqual(argvs('echo "a\\"b" "\\$HOME" "\\`" "a\\zb"'), [['echo', 'a"b', '$HOME', '`', 'a\\zb']]);
  assert.deepEqual(argvs("echo '' \"\""), [['echo', '', '']]);
  assert.deepEqual(argvs("echo $'plain'"), [['echo', 'plain']]);
});

test('an escaped space keeps one word', () => {
  assert.deepEqual(argvs('git\\ status'), [['git status']]);
});

test('operators inside quotes or escaped are plain text', () => {
  assert.deepEqual(argvs("echo 'a; rm -rf ~' \"b && c\" d\\;e f\\|g"), [['echo', 'a; rm -rf ~', 'b && c', 'd;e', 'f|g']]);
});

test('redirections set redirects and leave argv', () => {
  assert.deepEqual(commands('echo x > out.txt'), [{ argv: ['echo', 'x'], redirects: true }]);
  assert.deepEqual(commands('echo x >> out.txt'), [{ argv: ['echo', 'x'], redirects: true }]);
  assert.deepEqual(commands('cmd 2> err.txt'), [{ argv: ['cmd'], redirects: true }]);
  assert.deepEqual(commands('cmd &> all.txt'), [{ argv: ['cmd'], redirects: true }]);
  assert.deepEqual(commands('cmd >| f'), [{ argv: ['cmd'], redirects: true }]);
  assert.deepEqual(commands('cmd >& f'), [{ argv: ['cmd'], redirects: true }]);
  assert.deepEqual(commands('wc -l < in.txt'), [{ argv: ['wc', '-l'], redirects: true }]);
  assert.deepEqual(commands('> out echo hi'), [{ argv: ['echo', 'hi'], redirects: true }]);
  assert.deepEqual(commands('echo hi>out'), [{ argv: ['echo', 'hi'], redirects: true }]);
});

test('descriptor duplication and /dev/null are not file redirections', () => {
  assert.deepEqual(commands('cmd 2>&1'), [{ argv: ['cmd'], redirects: false }]);
  assert.deepEqual(commands('cmd >&2'), [{ argv: ['cmd'], redirects: false }]);
  assert.deepEqual(commands('cmd 2>/dev/null </dev/null >&-'), [{ argv: ['cmd'], redirects: false }]);
});

test('records redirection targets and kinds in the detailed analysis', () => {
  const [parsed] = analyzeDetailed('cmd 2>>log <in >"$OUT"').commands;
  assert.deepEqual(parsed.redirections, [
    { op: '>>', target: 'log', dynamic: false, kind: 'output' },
    { op: '<', target: 'in', dynamic: false, kind: 'input' },
    { op: '>', target: '$OUT', dynamic: true, kind: 'output' },
  ]);
});

test('a digit word separated from > stays an argument', () => {
  assert.deepEqual(commands('echo 2 > f'), [{ argv: ['echo', '2'], redirects: true }]);
  assert.deepEqual(commands("echo '2'>f"), [{ argv: ['echo', '2'], redirects: true }]);
});

test('unpacks sh -c, bash -c, bash -lc and zsh -c recursively', () => {
  assert.deepEqual(argvs("sh -c 'git status'"), [['git', 'status']]);
  assert.deepEqual(argvs("bash -lc 'cd src && ls -la'"), [['cd', 'src'], ['ls', '-la']]);
  assert.deepEqual(argvs('zsh -c "git diff | head"'), [['git', 'diff'], ['head']]);
  assert.deepEqual(argvs("/bin/bash -e -o pipefail -c 'a; b'"), [['a'], ['b']]);
  assert.deepEqual(argvs("bash -euo pipefail -c 'a'"), [['a']]);
  assert.deepEqual(argvs("bash --noprofile --norc -c 'a'"), [['a']]);
  assert.deepEqual(argvs(`bash -c "sh -c 'bash -lc \\"git status; rm -rf ~\\"'"`), [['git', 'status'], ['rm', '-rf', '~']]);
  assert.deepEqual(argvs("echo hi; bash -c 'a\nb' && c"), [['echo', 'hi'], ['a'], ['b'], ['c']]);
});

test('a shell running a script file is a plain command', () => {
  assert.deepEqual(argvs('bash build.sh --fast'), [['bash', 'build.sh', '--fast']]);
  assert.deepEqual(argvs('sh'), [['sh']]);
});

test('redirections of sh -c apply to every command of its script', () => {
  assert.deepEqual(commands("sh -c 'a; b' > out"), [
    { argv: ['a'], redirects: true },
    { argv: ['b'], redirects: true },
  ]);
});

test('sh -c with a script decided at run time, or arguments after it, is complex', () => {
  assertComplex('bash -c "$CMD"');
  assertComplex('bash -c "git $SUB"');
  assertComplex("bash -c 'echo $1' _ 'rm -rf ~'");
  assertComplex('bash -c');
  assertComplex("bash --rcfile evil -c 'ls'");
  assertComplex("bash -Z -c 'ls'");
});

test('nesting up to eight shells is unpacked, deeper is complex', () => {
  const nest = (levels: number) => {
    let command = 'ls';
    for (let level = 0; level < levels; level++) command = `sh -c ${JSON.stringify(command)}`;
    return command;
  };
  assert.deepEqual(argvs(nest(8)), [['ls']]);
  assert.deepEqual(analyzeDetailed(nest(9)), { commands: [], complex: true, reason: 'nested too deeply' });
});

test('unpacks env, assignments, timeout, nice, nohup, stdbuf, time, command, exec, builtin', () => {
  assert.deepEqual(argvs('env FOO=1 BAR=2 npm test'), [['npm', 'test']]);
  assert.deepEqual(argvs('env -i -u HOME -C /tmp ls'), [['ls']]);
  assert.deepEqual(argvs('env - ls'), [['ls']]);
  assert.deepEqual(argvs('/usr/bin/env python3 x.py'), [['python3', 'x.py']]);
  assert.deepEqual(argvs('CI=1 NODE_ENV=test npm test'), [['npm', 'test']]);
  assert.deepEqual(argvs('timeout 10 cargo test'), [['cargo', 'test']]);
  assert.deepEqual(argvs('timeout -s KILL -k 5 --preserve-status 1m make'), [['make']]);
  assert.deepEqual(argvs('timeout --signal=TERM 5 make'), [['make']]);
  assert.deepEqual(argvs('nice -n 10 make'), [['make']]);
  assert.deepEqual(argvs('nice -5 make'), [['make']]);
  assert.deepEqual(argvs('nohup server --port 1'), [['server', '--port', '1']]);
  assert.deepEqual(argvs('stdbuf -oL -e0 tail -f log'), [['tail', '-f', 'log']]);
  assert.deepEqual(argvs('time -p make'), [['make']]);
  assert.deepEqual(argvs('command git status'), [['git', 'status']]);
  assert.deepEqual(argvs('exec -a name server'), [['server']]);
  assert.deepEqual(argvs('builtin cd src'), [['cd', 'src']]);
  assert.deepEqual(argvs('sudo -u postgres -E env A=1 timeout 5 nice nohup psql'), [['psql']]);
});

test('records what wrappers add: privilege, assignments, wrappers', () => {
  const [parsed] = analyzeDetailed('sudo -u pg PGOPTS=x env A=1 timeout 5 psql').commands;
  assert.deepEqual(parsed, {
    words: [{ text: 'psql', dynamic: false }],
    redirections: [],
    assignments: ['PGOPTS=x', 'A=1'],
    elevation: ['sudo', '-u', 'pg'],
    wrappers: ['sudo', 'env', 'timeout'],
    appendedArgs: false,
    readsPipe: false,
  });
});

test('wrappers that run nothing else stay the command', () => {
  assert.deepEqual(argvs('env'), [['env']]);
  assert.deepEqual(argvs('env -0 FOO=1'), [['env', '-0', 'FOO=1']]);
  assert.deepEqual(argvs('command -v git'), [['command', '-v', 'git']]);
  assert.deepEqual(argvs('nice'), [['nice']]);
});

test('wrappers with unknown options or no command are complex', () => {
  assertComplex("env -S 'rm -rf ~'");
  assertComplex('env --split-string=x');
  assertComplex('sudo -s rm -rf ~');
  assertComplex('sudo -i');
  assertComplex('sudo');
  assertComplex('timeout 5');
  assertComplex('timeout --weird 5 ls');
  assertComplex('xargs --weird rm');
  assertComplex('stdbuf -oL');
  assertComplex('time -o out ls');
  assertComplex('nohup --weird ls');
});

test('xargs runs its command with hidden arguments, or echo by default', () => {
  const [find, rm] = analyzeDetailed('find . -name "*.o" | xargs -0 -n 1 rm -f').commands;
  assert.deepEqual(find.words.map((word) => word.text), ['find', '.', '-name', '*.o']);
  assert.deepEqual({ argv: rm.words.map((word) => word.text), appendedArgs: rm.appendedArgs, readsPipe: rm.readsPipe }, { argv: ['rm', '-f'], appendedArgs: true, readsPipe: true });
  assert.deepEqual(argvs('xargs'), [['echo']]);
  assert.deepEqual(argvs('ls | xargs -I{} mv {} {}.bak'), [['ls'], ['mv', '{}', '{}.bak']]);
  const [, mv] = analyzeDetailed('ls | xargs -I{} mv {} x').commands;
  assert.deepEqual(mv.words, [{ text: 'mv', dynamic: false }, { text: '{}', dynamic: true }, { text: 'x', dynamic: false }]);
  assert.equal(mv.appendedArgs, false);
});

test('xargs feeding a shell script is complex: the arguments become code', () => {
  assertComplex("xargs sh -c 'echo $0'");
  assertComplex("xargs -I{} bash -c 'echo {}'");
});

test('find -exec commands are commands too, with {} decided at run time', () => {
  assert.deepEqual(argvs('find . -name "*.tmp" -exec rm -f {} \\;'), [
    ['find', '.', '-name', '*.tmp', '-exec', 'rm', '-f', '{}', ';'],
    ['rm', '-f', '{}'],
  ]);
  assert.deepEqual(argvs("find . -exec grep -l foo {} + -o -execdir sh -c 'git status' \\;"), [
    ['find', '.', '-exec', 'grep', '-l', 'foo', '{}', '+', '-o', '-execdir', 'sh', '-c', 'git status', ';'],
    ['grep', '-l', 'foo', '{}'],
    ['git', 'status'],
  ]);
  assertComplex('find . -exec rm {}');
  assertComplex("find . -exec sh -c 'rm \"$1\"' _ {} \\;");
});

test('command substitution is complex, even inside double quotes or assignments', () => {
  assertComplex('echo $(rm -rf ~)');
  assertComplex('echo "$(rm -rf ~)"');
  assertComplex('echo `rm -rf ~`');
  assertComplex('echo "`rm -rf ~`"');
  assertComplex('X=$(id) ls');
  assertComplex('git status $(rm -rf ~)');
  assertComplex('echo $((1 + 2))');
  assertComplex('echo $[1 + 2]');
});

test('substitution syntax inside single quotes is plain text', () => {
  assert.deepEqual(argvs("echo '$(rm -rf ~)' '`id`'"), [['echo', '$(rm -rf ~)', '`id`']]);
  assert.deepEqual(argvs('echo \\$\\(id\\)'), [['echo', '$(id)']]);
});

test('subshells, groups, control flow, heredocs and process substitution are complex', () => {
  for (const command of [
    '(cd /; rm -rf x)',
    '{ ls; }',
    'if true; then rm x; fi',
    'for f in *; do rm $f; done',
    'while true; do :; done',
    'case x in x) rm y;; esac',
    'f() { rm -rf ~; }; f',
    'function f { ls; }',
    '! grep x f',
    '[[ -f x ]] && rm x',
    'cat <<EOF\nrm -rf ~\nEOF',
    'cat <<< "hi"',
    'diff <(ls a) <(ls b)',
    'tee >(rm x)',
    'ls @(a|b)',
    'coproc ls',
  ]) {
    assertComplex(command);
  }
});

test('builtins that run code not in the string are complex', () => {
  assertComplex('eval "rm -rf ~"');
  assertComplex('source ./env.sh');
  assertComplex('. ./env.sh');
  assertComplex("trap 'rm -rf ~' EXIT; ls");
  assertComplex("alias ls='rm -rf ~'");
});

test('a bare assignment is complex: it changes what later commands run', () => {
  assertComplex('PATH=/tmp/evil');
  assertComplex('PATH=/tmp/evil; git status');
});

test('a program name decided at run time is complex', () => {
  assertComplex('$CMD status');
  assertComplex('"$HOME/bin/tool"');
  assertComplex('git$X status');
  assertComplex('l* -la');
  assertComplex('{rm,-rf,~}');
  assertComplex("env $X ls");
});

test('broken syntax is complex', () => {
  for (const command of [
    "echo 'unterminated",
    'echo "unterminated',
    'echo \\',
    'a &&',
    'a ||',
    'a |',
    '| a',
    '; a',
    'a ;; b',
    'a; ; b',
    'a && && b',
    '> out',
    'echo >',
    'echo > | cat',
    'cat <&file',
    'echo x >>& f',
    'echo ${x:-$(id)}',
    'echo ${HOME:0:1}',
    'echo ${#x}',
    'echo ${x',
    "echo $'\\x72m'",
    'echo $"hi"',
  ]) {
    assertComplex(command);
  }
});

test('whitespace bash does not split on, and control characters, are complex', () => {
  assertComplex('git\u00a0status');
  assertComplex('ls\r');
  assertComplex('ls\u000bx');
  assertComplex('ls\u0000; rm -rf ~');
  assertComplex('ls \u001b[31m');
  assertComplex('ls \uE000');
});

test('variables, globs and brace expansions are kept literally and marked dynamic', () => {
  const [parsed] = analyzeDetailed("echo $HOME \"${USER}\" *.ts '*.ts' a{b,c} {1..3} [ab] '[ab]' {} ~ x?").commands;
  assert.deepEqual(parsed.words, [
    { text: 'echo', dynamic: false },
    { text: '$HOME', dynamic: true },
    { text: '${USER}', dynamic: true },
    { text: '*.ts', dynamic: true },
    { text: '*.ts', dynamic: false },
    { text: 'a{b,c}', dynamic: true },
    { text: '{1..3}', dynamic: true },
    { text: '[ab]', dynamic: true },
    { text: '[ab]', dynamic: false },
    { text: '{}', dynamic: false },
    { text: '~', dynamic: false },
    { text: 'x?', dynamic: true },
  ]);
});

test('marks commands that read a pipe', () => {
  assert.deepEqual(
    analyzeDetailed('a | b; c |& d && e').commands.map((parsed) => parsed.readsPipe),
    [false, true, false, true, false],
  );
});

test('handles very long commands', () => {
  const long = 'echo ' + 'x'.repeat(1_000_000);
  assert.deepEqual(argvs(long), [['echo', 'x'.repeat(1_000_000)]]);
  const chain = Array.from({ length: 5_000 }, (_, index) => `echo "${index}" 'a'`).join(' && ');
  assert.equal(argvs(chain).length, 5_000);
  const started = Date.now();
  analyzeCommand(chain + ' && ' + 'a '.repeat(100_000));
  assert.ok(Date.now() - started < 5_000);
});

test('program names that are Object.prototype keys are ordinary programs', () => {
  assert.deepEqual(argvs('constructor x; toString; __proto__ y; hasOwnProperty'), [['constructor', 'x'], ['toString'], ['__proto__', 'y'], ['hasOwnProperty']]);
});
