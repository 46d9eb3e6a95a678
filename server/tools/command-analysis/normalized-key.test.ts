import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyParts, normalizedKey } from './normalized-key';
import { programName } from './program-name';

function key(...argv: string[]): string {
  return normalizedKey({ argv, redirects: false });
}

test('a program without subcommands is keyed by its name alone', () => {
  assert.equal(key('ls', '-la', 'src'), 'ls');
  assert.equal(key('cat', 'README.md'), 'cat');
  assert.equal(key('pytest', '-x', 'tests/'), 'pytest');
  assert.equal(key('rm', '-rf', 'build'), 'rm');
});

test('tools with subcommands are keyed by program and subcommand, without options', () => {
  assert.equal(key('git', 'status', '--short'), 'git status');
  assert.equal(key('git', 'log', '--oneline', '-n', '5'), 'git log');
  assert.equal(key('npm', 'test'), 'npm test');
  assert.equal(key('npm', 'install', 'left-pad'), 'npm install');
  assert.equal(key('cargo', 'test', '--release'), 'cargo test');
  assert.equal(key('go', 'test', './...'), 'go test');
  assert.equal(key('docker', 'ps', '-a'), 'docker ps');
  assert.equal(key('pip', 'install', '-r', 'requirements.txt'), 'pip install');
  assert.equal(key('apt-get', '-y', 'install', 'curl'), 'apt-get install');
  assert.equal(key('gh', 'pr', 'list', '--state', 'open'), 'gh pr list');
  assert.equal(key('dotnet', 'build'), 'dotnet build');
  assert.equal(key('systemctl', 'restart', 'nginx'), 'systemctl restart');
});

test('the program path is dropped only for system directories', () => {
  assert.equal(key('/usr/bin/git', 'status'), 'git status');
  assert.equal(key('/bin/ls'), 'ls');
  assert.equal(key('/opt/homebrew/bin/git', 'pull'), 'git pull');
  // A path the model could have written to stays verbatim, so it never matches `git`.
  assert.equal(key('./git', 'status'), './git status');
  assert.equal(key('/tmp/x/git', 'status'), '/tmp/x/git status');
  assert.equal(key('/usr/bin/../../tmp/git', 'status'), '/usr/bin/../../tmp/git status');
  assert.equal(programName('/usr/bin/'), '/usr/bin/');
});

test('options before the subcommand that take a value are skipped with their value', () => {
  assert.equal(key('git', '-C', 'repo', 'status'), 'git status');
  assert.equal(key('git', '--git-dir', '.git', '--work-tree=.', 'log'), 'git log');
  assert.equal(key('git', '--no-pager', 'diff'), 'git diff');
  assert.equal(key('kubectl', '-n', 'prod', 'get', 'pods'), 'kubectl get');
  assert.equal(key('npm', '--prefix', 'web', 'run', 'build'), 'npm run build');
  assert.equal(key('cargo', '+nightly', 'build'), 'cargo build');
  assert.equal(key('docker', '--context', 'x', 'compose', '-f', 'a.yml', 'up', '-d'), 'docker compose up');
});

test('options that change which code runs stay in the key with their value', () => {
  assert.equal(key('git', '-c', 'core.fsmonitor=evil', 'status'), 'git -c core.fsmonitor=evil status');
  assert.equal(key('git', '-ccore.pager=evil', 'log'), 'git -ccore.pager=evil log');
  assert.equal(key('git', '--config-env=core.pager=X', 'log'), 'git --config-env=core.pager=X log');
  assert.equal(key('git', '--exec-path=/tmp', 'status'), 'git --exec-path=/tmp status');
  assert.equal(key('make', '-f', 'evil.mk', 'all'), 'make -f evil.mk all');
  assert.equal(key('apt-get', '-o', 'APT::Update::Pre-Invoke::=x', 'update'), 'apt-get -o APT::Update::Pre-Invoke::=x update');
  assert.equal(key('npx', '-c', 'rm -rf ~'), "npx -c 'rm -rf ~'");
});

test('unknown options before the subcommand stay in the key, so it never widens', () => {
  assert.equal(key('npm', '--script-shell=/tmp/evil', 'test'), 'npm --script-shell=/tmp/evil test');
  assert.equal(key('git', '--weird', 'status', 'push'), 'git --weird status');
});

test('nested subcommands are part of the key', () => {
  assert.equal(key('git', 'stash'), 'git stash');
  assert.equal(key('git', 'stash', 'drop'), 'git stash drop');
  assert.equal(key('git', 'stash', 'list'), 'git stash list');
  assert.equal(key('git', 'remote', 'add', 'origin', 'url'), 'git remote add');
  assert.equal(key('git', 'worktree', 'remove', 'x'), 'git worktree remove');
  assert.equal(key('npm', 'run', 'build', '--', '--watch'), 'npm run build');
  assert.equal(key('npm', 'run', '--if-present', 'lint'), 'npm run lint');
  assert.equal(key('pnpm', 'run', 'dev'), 'pnpm run dev');
  assert.equal(key('yarn', 'workspace', 'web', 'build'), 'yarn workspace web build');
  assert.equal(key('aws', 's3', 'rm', 's3://bucket/x'), 'aws s3 rm');
  assert.equal(key('gcloud', 'compute', 'instances', 'delete', 'vm'), 'gcloud compute instances delete');
  assert.equal(key('dotnet', 'ef', 'migrations', 'add', 'Init'), 'dotnet ef migrations add');
});

test('gh api keeps every argument: the method and body are what matters', () => {
  assert.equal(key('gh', 'api', 'repos/o/r', '-X', 'DELETE'), 'gh api repos/o/r -X DELETE');
});

test('runners are keyed by the program they run', () => {
  assert.equal(key('npx', 'tsc', '--noEmit'), 'npx tsc');
  assert.equal(key('npx', '-y', 'prisma', 'migrate', 'dev'), 'npx prisma migrate dev');
  assert.equal(key('npx', '-p', 'evil', 'tsc'), 'npx -p evil tsc');
  assert.equal(key('npm', 'exec', 'vitest'), 'npm exec vitest');
  assert.equal(key('uv', 'run', 'pytest', '-x'), 'uv run pytest');
  assert.equal(key('uv', 'run', '--with', 'evil', 'pytest'), 'uv run --with evil pytest');
  assert.equal(key('poetry', 'run', 'python', '-m', 'pytest'), 'poetry run python -m pytest');
  assert.equal(key('bundle', 'exec', 'rspec'), 'bundle exec rspec');
});

test('make and its kin are keyed by every target and variable', () => {
  assert.equal(key('make'), 'make');
  assert.equal(key('make', 'test'), 'make test');
  assert.equal(key('make', '-j8', 'clean', 'build'), 'make clean build');
  assert.equal(key('make', '-j', '8', 'build'), 'make build');
  // `-j` takes a number only when one follows: `build` is a target here.
  assert.equal(key('make', '-j', 'build'), 'make build');
  assert.equal(key('make', 'CC=evil', 'all'), 'make CC=evil all');
  assert.equal(key('./gradlew', 'build', 'test'), './gradlew build test');
  assert.equal(key('mvn', '-DskipTests', 'package'), 'mvn package');
});

test('interpreters are keyed by the code they run', () => {
  assert.equal(key('python', '-m', 'pytest', '-x'), 'python -m pytest');
  assert.equal(key('python3', '-u', '-m', 'http.server', '8000'), 'python3 -m http.server');
  assert.equal(key('python3.12', '-m', 'pip', 'install', 'x'), 'python3.12 -m pip install');
  assert.equal(key('python', '-c', 'print(1)'), "python -c 'print(1)'");
  assert.equal(key('python', '-cprint(1)'), "python '-cprint(1)'");
  assert.equal(key('python', 'manage.py', 'migrate', '--noinput'), 'python manage.py migrate');
  assert.equal(key('python', 'script.py', '--flag'), 'python script.py');
  assert.equal(key('node', '-e', 'process.exit(1)'), "node -e 'process.exit(1)'");
  assert.equal(key('node', '--import', 'tsx', 'server.ts'), 'node server.ts');
  assert.equal(key('php', 'artisan', 'migrate:fresh'), 'php artisan migrate:fresh');
  assert.equal(key('psql', '-d', 'app', '-c', 'drop table users'), "psql -c 'drop table users'");
  assert.equal(key('sqlite3', 'app.db', 'delete from users'), "sqlite3 app.db 'delete from users'");
  assert.equal(key('bash', 'deploy.sh'), 'bash deploy.sh');
});

test('shell builtins that change the shell are keyed with every argument', () => {
  assert.equal(key('export', 'PATH=/tmp/evil:$PATH'), "export 'PATH=/tmp/evil:$PATH'");
  assert.equal(key('set', '-e'), 'set -e');
  assert.equal(key('hash', '-p', '/tmp/evil', 'git'), 'hash -p /tmp/evil git');
});

test('key parts say where the key ends in argv and whether more could join it', () => {
  assert.deepEqual(keyParts(['git', '-C', 'r', 'pull', '--rebase']), { words: ['git', 'pull'], indexes: [0, 3], end: 4, complete: true, readsCodeFromStdin: false });
  assert.deepEqual(keyParts(['git']), { words: ['git'], indexes: [0], end: 1, complete: false, readsCodeFromStdin: false });
  assert.deepEqual(keyParts(['git', 'stash']), { words: ['git', 'stash'], indexes: [0, 1], end: 2, complete: false, readsCodeFromStdin: false });
  assert.deepEqual(keyParts(['ls', '-la']), { words: ['ls'], indexes: [0], end: 1, complete: true, readsCodeFromStdin: false });
  assert.deepEqual(keyParts(['bash']), { words: ['bash'], indexes: [0], end: 1, complete: false, readsCodeFromStdin: true });
  assert.deepEqual(keyParts(['python', '-']), { words: ['python', '-'], indexes: [0, 1], end: 2, complete: true, readsCodeFromStdin: true });
  assert.deepEqual(keyParts(['psql', 'app']), { words: ['psql', 'app'], indexes: [0, 1], end: 2, complete: false, readsCodeFromStdin: true });
  assert.deepEqual(keyParts([]), { words: [], indexes: [], end: 0, complete: true, readsCodeFromStdin: false });
});

test('words that are Object.prototype keys get no special treatment', () => {
  assert.equal(key('git', 'constructor', 'x'), 'git constructor');
  assert.equal(key('constructor'), 'constructor');
  assert.equal(key('npm', 'run', '__proto__'), 'npm run __proto__');
});

test('keys quote words that need it, so they cannot collide with operators', () => {
  assert.equal(key('git', 'status;', 'rm'), "git 'status;'");
  assert.equal(key('my tool', 'x'), "'my tool'");
  assert.equal(key(''), "''");
});

test('-- before the key is complete stays in it, with what follows', () => {
  assert.equal(key('npm', 'exec', '--', 'tsc', '-p', '.'), 'npm exec -- tsc');
  assert.equal(key('npx', '--', 'rimraf', 'dist'), 'npx -- rimraf');
  assert.equal(key('npm', 'run', '--', 'build'), 'npm run -- build');
  // After a complete key, -- and what follows are arguments.
  assert.equal(key('npm', 'run', 'build', '--', '--watch'), 'npm run build');
});

test('programs that run a command we do not unpack are keyed with every argument', () => {
  assert.equal(key('ssh', 'prod', 'uptime'), 'ssh prod uptime');
  assert.equal(key('watch', '-n', '5', 'ls'), 'watch -n 5 ls');
  assert.equal(key('su', '-c', 'make install'), "su -c 'make install'");
});
