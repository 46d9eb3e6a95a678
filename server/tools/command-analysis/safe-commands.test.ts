import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKnownSafe } from './safe-commands';
import { isPrintOnlyScript } from './safe-sed';

function assertSafe(...commands: string[]): void {
  for (const command of commands) assert.equal(isKnownSafe(command), true, `expected ${JSON.stringify(command)} to be known safe`);
}

function assertUnsafe(...commands: string[]): void {
  for (const command of commands) assert.equal(isKnownSafe(command), false, `expected ${JSON.stringify(command)} not to be known safe`);
}

test('read-only programs are safe with any arguments', () => {
  assertSafe(
    'ls',
    'ls -la src',
    'cat README.md',
    'head -n 20 a.ts',
    'tail -f log.txt',
    'wc -l a b',
    'nl -ba file',
    'grep -rn TODO src',
    'egrep x f',
    'fgrep x f',
    'pwd',
    'echo hello',
    'printf "%s\\n" a',
    'which git',
    'whoami',
    'true',
    'false',
    'stat a',
    'du -sh .',
    'df -h',
    'cut -d, -f1 a.csv',
    'tr a-z A-Z',
    'diff a b',
    'cmp a b',
    'basename /a/b',
    'dirname /a/b',
    'realpath .',
    'readlink -f x',
    'uname -a',
    'id',
    'ps aux',
    'test -f x',
    '[ -d src ]',
    'cd src',
  );
});

test('safe programs stay safe with variables and globs in their arguments', () => {
  assertSafe('echo $HOME', 'cat *.md', 'ls {a,b}', 'grep -r "$PATTERN" .');
});

test('a chain is safe only when every command is', () => {
  assertSafe('cat a | grep x | head -n 5', 'cd src && ls -la', 'git status; git diff', 'ls || pwd', 'ls & pwd', 'ls\npwd');
  assertUnsafe('ls; rm -rf ~', 'git status && git push', 'cat a | sh', 'ls\nrm x', 'ls | xargs rm');
});

test('the empty string and complex strings are never safe', () => {
  assertUnsafe('', '   ', '# nothing', 'echo $(rm -rf ~)', 'echo `id`', 'ls "$(rm x)"', '(ls)', 'cat <<EOF\nx\nEOF', '{ ls; }');
});

test('unknown programs and programs that write are not safe', () => {
  assertUnsafe('rm x', 'touch x', 'mv a b', 'cp a b', 'mkdir x', 'npm test', 'make', 'python -c 1', 'node x.js', 'chmod +x a', 'curl example.com', 'tee f', 'awk "{print}" f', 'less f', 'vim f', 'dd if=a of=b', 'truncate -s0 f');
});

test('writing through a redirection is not safe; reading a plain file is', () => {
  assertUnsafe('echo x > f', 'echo x >> f', 'ls 2> err', 'ls &> all', 'ls >| f', 'cat a <> b', 'ls >& f', 'cat /dev/tcp/x/1 < /dev/tcp/host/80', 'cat < "$F"');
  assertSafe('wc -l < a.txt', 'ls 2>/dev/null', 'ls 2>&1 | head', 'cat a >/dev/null', 'grep x f </dev/null');
});

test('shell wrappers are unpacked and judged by their script', () => {
  assertSafe("bash -lc 'ls && git status'", "sh -c 'cat a | wc -l'", `bash -c "sh -c 'pwd'"`);
  assertUnsafe("bash -lc 'ls; rm -rf ~'", "sh -c 'echo x > f'", "sh -c 'ls' > out", 'bash script.sh', 'sh');
});

test('harmless wrappers keep a safe command safe; privilege and nohup do not', () => {
  assertSafe('timeout 5 ls', 'nice -n 5 cat a', 'env ls', 'env -i ls', 'stdbuf -oL grep x f', 'time ls', 'command ls', 'exec ls', 'xargs cat', 'find . -name "*.ts" | xargs grep foo');
  assertUnsafe('sudo ls', 'sudo -u root cat /etc/shadow', 'doas cat x', 'nohup ls');
});

test('a program outside the system directories is not the program it is named after', () => {
  assertSafe('/bin/ls', '/usr/bin/cat a');
  assertUnsafe('./ls', 'bin/cat a', '/tmp/evil/ls', '~/ls');
});

test('only formatting variables may be set', () => {
  assertSafe('LANG=C sort a', 'LC_ALL=C ls', 'TZ=UTC date', 'NO_COLOR=1 git status', 'GIT_PAGER=cat git log', 'env LC_ALL=C ls');
  assertUnsafe('PATH=/tmp ls', 'LD_PRELOAD=/tmp/x.so ls', 'GIT_PAGER=evil git log', 'PAGER=sh git log', 'GIT_DIR=/x git status', 'BASH_ENV=x ls', 'env PATH=/tmp ls');
});

test('printing the environment or looking up a program is safe', () => {
  assertSafe('env', 'env -0', 'command -v git', 'command -V ls');
});

test('git: read-only subcommands are safe', () => {
  assertSafe(
    'git status',
    'git status --short',
    'git log --oneline -n 20',
    'git diff HEAD~1 -- src',
    'git show HEAD:README.md',
    'git rev-parse --show-toplevel',
    'git ls-files --exclude-standard',
    'git blame -L 1,10 a.ts',
    'git grep -n foo',
    'git -C repo status',
    'git --no-pager log',
    '/usr/bin/git status',
    'git diff --output-indicator-new=+',
  );
});

test('git: writing subcommands are not safe', () => {
  assertUnsafe('git push', 'git commit -m x', 'git checkout status', 'git reset --hard', 'git clean -fdx', 'git stash', 'git fetch', 'git pull', 'git', 'git --version');
});

test('git: options that write, run programs or page are not safe, abbreviated or not', () => {
  assertUnsafe(
    'git -c core.pager=cat log',
    'git -ccore.fsmonitor=x status',
    'git --config-env=core.pager=X log',
    'git --exec-path=/tmp status',
    'git --git-dir=/tmp/x status',
    'git log --output=/tmp/x',
    'git diff --output /tmp/x',
    'git log --outp=/tmp/x',
    'git diff --ext-diff',
    'git diff --ext',
    'git log --textconv',
    'git show --textconv HEAD',
    'git cat-file --filters HEAD:a',
    'git log --paginate',
    'git grep -O foo',
    'git grep -Ovim foo',
    'git grep -nO foo',
    'git grep --open-files-in-pager foo',
    'git log $REV',
    'git diff *',
  );
});

test('git branch is safe only when it lists', () => {
  assertSafe('git branch', 'git branch -a', 'git branch -vv', 'git branch --show-current', 'git branch --list "feat/*"', 'git branch -r --contains abc123', 'git branch --merged main', "git branch --format='%(refname)'");
  assertUnsafe('git branch new', 'git branch -d old', 'git branch -D old', 'git branch -m a b', 'git branch -M a b', 'git branch -c a b', 'git branch --delete x', 'git branch -u origin/x', 'git branch --set-upstream-to=o/x', 'git branch --contains abc new', 'git branch -f x');
});

test('find is safe unless it deletes, writes or runs programs', () => {
  assertSafe('find . -name "*.ts"', 'find src -type f -newer x', 'find . -maxdepth 2 -print0');
  assertUnsafe(
    'find . -delete',
    'find . -name x -exec rm {} \\;',
    'find . -exec cat {} +',
    'find . -execdir ls \\;',
    'find . -ok rm {} \\;',
    'find . -okdir rm {} \\;',
    'find . -fprint out',
    'find . -fprint0 out',
    'find . -fprintf out %p',
    'find . -fls out',
  );
});

test('find with arguments decided at run time is not safe: they could become -delete', () => {
  assertUnsafe('find . $ACTION', 'find *', 'find . -name x {-delete,}', 'echo -delete | xargs find .');
});

test('rg is safe unless it runs programs', () => {
  assertSafe('rg foo src', 'rg -n -i --hidden "a|b"', 'rg --files', 'rg -g "*.ts" foo');
  assertUnsafe('rg --pre cat foo', 'rg --pre=cat foo', 'rg --pre-glob "*" --pre x foo', 'rg --hostname-bin=x foo', 'rg -z foo', 'rg -iz foo', 'rg --search-zip foo', 'rg $FLAGS foo');
});

test('sed is safe only as sed -n with print-only scripts', () => {
  assertSafe(
    "sed -n '1,20p' a.ts",
    "sed -n '$p' a.ts",
    "sed -n '10p;20p' a",
    "sed -n -e '/start/,/end/p' a",
    "sed -nE '/^a/p' a",
    "sed --quiet '5,+3p' a",
    "sed -n '0~4p' a",
    "sed -n '/a\\/b/Ip' a",
    "sed -n '1!p' a",
    "sed -n '=' a",
    "sed -n '5q' a",
  );
  assertUnsafe(
    "sed '1,20p' a",
    "sed -n -i '1p' a",
    "sed -ni '1p' a",
    "sed -n --in-place '1p' a",
    "sed -n --in '1p' a",
    "sed -n 's/a/b/p' a",
    "sed -n 's/a/b/w out' a",
    "sed -n '1w out' a",
    "sed -n '1e rm -rf ~' a",
    "sed -n '1r /etc/passwd' a",
    "sed -n -f script.sed a",
    "sed -n '1,2{p}' a",
    "sed -n 'p' -e 's/x/y/e' a",
    "sed -n \"$SCRIPT\" a",
    'sed -n',
  );
});

test('the sed grammar refuses anything but addresses and p, =, q', () => {
  assert.equal(isPrintOnlyScript('1,5p\n$p'), true);
  assert.equal(isPrintOnlyScript(' 3 , 7 p ; '), true);
  assert.equal(isPrintOnlyScript('/a;w x/p'), true);
  assert.equal(isPrintOnlyScript('/unterminated'), false);
  assert.equal(isPrintOnlyScript('/a\nw x/p'), false);
  assert.equal(isPrintOnlyScript('pw x'), false);
  assert.equal(isPrintOnlyScript('\\%a%p'), false);
  assert.equal(isPrintOnlyScript('1,p'), false);
});

test('sort, uniq, tree and file are safe unless they write', () => {
  assertSafe('sort a', 'sort -rn -k2 a', 'sort -u a b', 'uniq -c a', 'uniq -f 1 a', 'tree -L 2 src', 'tree --noreport', 'file a.bin', 'file -m magic a');
  assertUnsafe(
    'sort -o out a',
    'sort -uo out a',
    'sort --output=out a',
    'sort --out=out a',
    'sort --compress-program=sh a',
    'sort --co=sh a',
    'uniq a out',
    'uniq -c a out',
    'tree -o out',
    'tree -R',
    'file -C',
    'file -C -m x',
    'file --compile',
    'file --comp',
  );
});

test('date and hostname are safe only when they print', () => {
  assertSafe('date', 'date +%s', 'date -u', 'date -d yesterday +%F', 'date --iso-8601=seconds', 'date -r file', 'hostname', 'hostname -f', 'hostname -I');
  assertUnsafe('date -s 2020-01-01', 'date --set=x', 'date --se=x', 'date 0101000024', 'hostname evil', 'hostname -F file', 'hostname --fi=file');
});

test('find -exec makes the whole command unsafe even when its inner command is safe', () => {
  assertUnsafe('find . -exec cat {} \\;');
});
