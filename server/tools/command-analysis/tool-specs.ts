/**
 * What makes up the approval key of known programs: which words name the
 * subcommand (`git stash drop`, `npm run build`, `aws s3 rm`), which options
 * before it take a value (so that value is not mistaken for the subcommand),
 * and which options change what code runs (kept verbatim in the key).
 *
 * Options not listed here are kept verbatim in the key as well: the key may
 * then be narrower than needed, never broader.
 */

export interface ToolSpec {
  /** Options before the subcommand that take a value: `-C dir`, `-Cdir`, `--git-dir=x`. */
  valueOptions?: readonly string[];
  /** Options whose value is optional and, when separate, numeric (`make -j 8` vs `make -j build`). */
  optionalNumeric?: readonly string[];
  /** Options known to take no value. */
  flagOptions?: readonly string[];
  /** Options that change which code runs (`git -c core.fsmonitor=…`): kept in the key with their value. */
  keyOptions?: readonly string[];
  /** How many leading positional words belong to the key (default 1; `aws s3 rm` has 2). */
  positionals?: number;
  /** Every positional word belongs to the key (`make clean build`, `mvn package`). */
  allPositionals?: boolean;
  /** Every word after the subcommand, options included, belongs to the key (`gh api -X DELETE …`). */
  literal?: boolean;
  /** Subcommands with a further word of their own (`git stash drop`, `npm run build`). */
  nested?: Readonly<Record<string, ToolSpec>>;
  /** The positional is itself a program, keyed in turn (`npx prisma migrate`, `uv run pytest`). */
  runsProgram?: boolean;
  /** Positional words with this prefix are not subcommands (`cargo +nightly build`). */
  skipPrefix?: string;
}

/** Interpreters: the key is the code they run (script path, `-m module`, or the `-c` code itself). */
export interface InterpreterSpec {
  valueOptions?: readonly string[];
  flagOptions?: readonly string[];
  /** Options whose value is code: `python -c`, `node -e`, `psql -c`. */
  codeOptions?: readonly string[];
  /** `python -m module`. */
  moduleOption?: string;
}

const SUBCOMMAND_ONLY: ToolSpec = {};
const NPM_RUN: ToolSpec = {
  valueOptions: ['-w', '--workspace'],
  flagOptions: ['--if-present', '--ignore-scripts', '-s', '--silent', '-ws', '--workspaces'],
};
const RUNS_PROGRAM: ToolSpec = { runsProgram: true };
const COMPOSE: ToolSpec = {
  valueOptions: ['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--progress', '--parallel'],
  flagOptions: ['--compatibility', '--dry-run', '--all-resources'],
};
const DOCKER: ToolSpec = {
  valueOptions: ['-H', '--host', '--context', '-c', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey'],
  flagOptions: ['-D', '--debug', '--tls', '--tlsverify'],
  nested: Object.fromEntries(
    ['container', 'image', 'network', 'volume', 'system', 'buildx', 'builder', 'context', 'plugin', 'swarm', 'node', 'service', 'stack', 'secret', 'config', 'trust', 'manifest']
      .map((name) => [name, SUBCOMMAND_ONLY] as const)
      .concat([['compose', COMPOSE]]),
  ),
};
const APT: ToolSpec = {
  valueOptions: ['-t', '--target-release'],
  keyOptions: ['-o', '--option', '-c', '--config-file'],
  flagOptions: ['-y', '--yes', '--assume-yes', '-q', '-qq', '--quiet', '--no-install-recommends', '--install-suggests', '-s', '--simulate', '--dry-run', '-f', '--fix-broken', '--reinstall'],
};
const PIP: ToolSpec = {
  valueOptions: ['--python', '--proxy', '--log', '--cache-dir'],
  flagOptions: ['-q', '--quiet', '-v', '--verbose', '--isolated', '--no-input', '--disable-pip-version-check', '--no-cache-dir', '--require-virtualenv'],
};
const MAKE: ToolSpec = {
  allPositionals: true,
  valueOptions: ['-o', '--old-file', '-W', '--what-if', '--assume-new', '--assume-old', '-O', '--output-sync'],
  optionalNumeric: ['-j', '--jobs', '-l', '--load-average'],
  flagOptions: ['-k', '--keep-going', '-s', '--silent', '--quiet', '-B', '--always-make', '-n', '--dry-run', '-i', '-r', '-R', '-S', '-w', '--no-print-directory', '-e', '-q', '--question', '-t', '--touch', '-d', '--trace'],
  keyOptions: ['-f', '--file', '--makefile', '-C', '--directory', '-I', '--include-dir', '--eval', '-E'],
};
const GRADLE: ToolSpec = {
  allPositionals: true,
  valueOptions: ['-p', '--project-dir', '-x', '--exclude-task', '--console', '--warning-mode', '-g', '--gradle-user-home'],
  keyOptions: ['-I', '--init-script', '-b', '--build-file', '-c', '--settings-file'],
  flagOptions: ['-q', '--quiet', '-i', '--info', '--stacktrace', '--scan', '--offline', '--no-daemon', '--daemon', '--parallel', '--build-cache', '--continue', '--dry-run', '-m', '--refresh-dependencies'],
};
const MAVEN: ToolSpec = {
  allPositionals: true,
  valueOptions: ['-pl', '--projects', '-P', '--activate-profiles', '-T', '--threads', '-rf', '--resume-from', '-D'],
  keyOptions: ['-f', '--file', '-s', '--settings'],
  flagOptions: ['-q', '--quiet', '-B', '--batch-mode', '-U', '-o', '--offline', '-am', '-amd', '-e', '-X', '-N', '-ntp', '--no-transfer-progress'],
};
const UV_RUN: ToolSpec = {
  runsProgram: true,
  valueOptions: ['--python', '-p', '--package', '--extra', '--group', '--env-file', '--directory', '--project', '--index', '--index-url'],
  keyOptions: ['--with', '-w', '--with-requirements'],
  flagOptions: ['--frozen', '--locked', '--no-sync', '--isolated', '--all-extras', '--no-dev', '--dev', '-q', '--quiet', '--no-project', '-v', '--verbose', '--offline', '--active'],
};

export const TOOLS: Readonly<Record<string, ToolSpec>> = {
  git: {
    valueOptions: ['-C', '--git-dir', '--work-tree', '--namespace', '--super-prefix', '--list-cmds', '--attr-source'],
    flagOptions: ['-p', '--paginate', '-P', '--no-pager', '--no-replace-objects', '--no-lazy-fetch', '--no-optional-locks', '--no-advice', '--bare', '--literal-pathspecs', '--glob-pathspecs', '--noglob-pathspecs', '--icase-pathspecs'],
    keyOptions: ['-c', '--config-env', '--exec-path'],
    nested: Object.fromEntries(
      ['stash', 'remote', 'worktree', 'submodule', 'notes', 'bisect', 'lfs', 'sparse-checkout', 'maintenance', 'reflog', 'bundle', 'subtree'].map((name) => [name, SUBCOMMAND_ONLY]),
    ),
  },
  npm: {
    valueOptions: ['--prefix', '-w', '--workspace', '--userconfig', '--cache', '--registry', '--loglevel'],
    flagOptions: ['-s', '--silent', '-q', '--quiet', '-d', '--verbose', '-g', '--global', '-ws', '--workspaces', '-y', '--yes'],
    nested: {
      run: NPM_RUN,
      'run-script': NPM_RUN,
      exec: { runsProgram: true, valueOptions: ['-w', '--workspace'], keyOptions: ['-p', '--package', '-c', '--call'] },
      x: { runsProgram: true, valueOptions: ['-w', '--workspace'], keyOptions: ['-p', '--package', '-c', '--call'] },
    },
  },
  npx: { runsProgram: true, keyOptions: ['-p', '--package', '-c', '--call'], flagOptions: ['-y', '--yes', '--no', '-q', '--quiet'] },
  pnpm: {
    valueOptions: ['-C', '--dir', '-F', '--filter', '--reporter', '--loglevel'],
    flagOptions: ['-r', '--recursive', '-s', '--silent', '-w', '--workspace-root'],
    nested: {
      run: { flagOptions: ['--if-present', '-r', '--recursive', '--parallel', '--stream', '-s', '--silent'] },
      exec: RUNS_PROGRAM,
      dlx: { runsProgram: true, keyOptions: ['--package'] },
      create: SUBCOMMAND_ONLY,
    },
  },
  yarn: {
    valueOptions: ['--cwd'],
    flagOptions: ['-s', '--silent'],
    nested: {
      run: SUBCOMMAND_ONLY,
      exec: RUNS_PROGRAM,
      dlx: { runsProgram: true, keyOptions: ['-p', '--package'] },
      workspace: { allPositionals: true },
      workspaces: { allPositionals: true },
    },
  },
  bun: { nested: { run: SUBCOMMAND_ONLY, x: RUNS_PROGRAM, pm: SUBCOMMAND_ONLY } },
  bunx: RUNS_PROGRAM,
  deno: { nested: { run: SUBCOMMAND_ONLY, task: SUBCOMMAND_ONLY } },
  cargo: {
    skipPrefix: '+',
    valueOptions: ['-C', '--color'],
    keyOptions: ['--config', '-Z'],
    flagOptions: ['-v', '-vv', '--verbose', '-q', '--quiet', '--frozen', '--locked', '--offline'],
  },
  rustup: { nested: { toolchain: SUBCOMMAND_ONLY, component: SUBCOMMAND_ONLY, target: SUBCOMMAND_ONLY, override: SUBCOMMAND_ONLY, self: SUBCOMMAND_ONLY } },
  go: { valueOptions: ['-C'], nested: { mod: SUBCOMMAND_ONLY, work: SUBCOMMAND_ONLY, tool: SUBCOMMAND_ONLY } },
  docker: DOCKER,
  podman: DOCKER,
  'docker-compose': COMPOSE,
  kubectl: {
    valueOptions: ['-n', '--namespace', '--context', '--cluster', '--user', '--kubeconfig', '-s', '--server', '--token', '-v', '--v', '--as', '--as-group', '--request-timeout'],
    flagOptions: ['--insecure-skip-tls-verify'],
    nested: Object.fromEntries(['config', 'rollout', 'auth', 'top', 'set', 'certificate', 'plugin', 'create'].map((name) => [name, SUBCOMMAND_ONLY])),
  },
  helm: {
    valueOptions: ['-n', '--namespace', '--kube-context', '--kubeconfig'],
    flagOptions: ['--debug'],
    nested: Object.fromEntries(['repo', 'plugin', 'dependency', 'registry', 'search'].map((name) => [name, SUBCOMMAND_ONLY])),
  },
  gh: {
    valueOptions: ['-R', '--repo'],
    nested: {
      ...Object.fromEntries(
        ['pr', 'issue', 'repo', 'release', 'run', 'workflow', 'gist', 'auth', 'secret', 'variable', 'label', 'codespace', 'extension', 'config', 'cache', 'project', 'ssh-key', 'gpg-key', 'search', 'org', 'ruleset', 'attestation'].map((name) => [name, SUBCOMMAND_ONLY]),
      ),
      api: { literal: true },
    },
  },
  apt: APT,
  'apt-get': APT,
  brew: { nested: { services: SUBCOMMAND_ONLY, bundle: SUBCOMMAND_ONLY } },
  pip: PIP,
  pip3: PIP,
  uv: {
    valueOptions: ['--directory', '--project', '--cache-dir', '--color', '--config-file'],
    flagOptions: ['-q', '--quiet', '-v', '--verbose', '--offline', '--no-cache', '-n', '--native-tls', '--no-progress', '--preview'],
    nested: { pip: SUBCOMMAND_ONLY, tool: { nested: { run: UV_RUN } }, python: SUBCOMMAND_ONLY, cache: SUBCOMMAND_ONLY, self: SUBCOMMAND_ONLY, run: UV_RUN },
  },
  uvx: { runsProgram: true, valueOptions: ['--python', '-p'], keyOptions: ['--from', '--with'] },
  pipx: { nested: { run: { runsProgram: true, keyOptions: ['--spec'] } } },
  poetry: {
    valueOptions: ['-C', '--directory', '-P', '--project'],
    flagOptions: ['-q', '--quiet', '-v', '-vv', '-n', '--no-interaction', '--no-ansi', '--ansi'],
    nested: { run: RUNS_PROGRAM, env: SUBCOMMAND_ONLY, self: SUBCOMMAND_ONLY, source: SUBCOMMAND_ONLY, cache: SUBCOMMAND_ONLY, debug: SUBCOMMAND_ONLY },
  },
  bundle: { nested: { exec: RUNS_PROGRAM } },
  dotnet: {
    nested: {
      tool: SUBCOMMAND_ONLY,
      ef: { nested: { migrations: SUBCOMMAND_ONLY, database: SUBCOMMAND_ONLY, dbcontext: SUBCOMMAND_ONLY } },
      new: SUBCOMMAND_ONLY,
      nuget: SUBCOMMAND_ONLY,
      workload: SUBCOMMAND_ONLY,
      sln: SUBCOMMAND_ONLY,
      'dev-certs': SUBCOMMAND_ONLY,
    },
  },
  make: MAKE,
  gmake: MAKE,
  gradle: GRADLE,
  gradlew: GRADLE,
  mvn: MAVEN,
  mvnw: MAVEN,
  rake: { allPositionals: true },
  just: { allPositionals: true },
  'redis-cli': { allPositionals: true, valueOptions: ['-h', '-p', '-a', '-n', '-u'] },
  service: { positionals: 2 },
  aws: { positionals: 2, valueOptions: ['--profile', '--region', '--output', '--endpoint-url'] },
  az: { positionals: 2 },
  gcloud: { positionals: 3, valueOptions: ['--project', '--account', '--configuration'] },
  prisma: { positionals: 2 },
  terraform: { nested: { state: SUBCOMMAND_ONLY, workspace: SUBCOMMAND_ONLY, providers: SUBCOMMAND_ONLY } },
  tofu: { nested: { state: SUBCOMMAND_ONLY, workspace: SUBCOMMAND_ONLY, providers: SUBCOMMAND_ONLY } },
  // Programs with one level of subcommands and no option table: unknown options stay in the key.
  ...Object.fromEntries(
    [
      'systemctl', 'launchctl', 'snap', 'flatpak', 'conda', 'mamba', 'micromamba', 'nix', 'firebase', 'vercel', 'netlify', 'heroku', 'fly', 'flyctl',
      'wrangler', 'supabase', 'pulumi', 'ng', 'nx', 'turbo', 'lerna', 'vitest', 'swift', 'pod', 'flutter', 'dart', 'mix', 'rebar3', 'stack', 'cabal',
      'sbt', 'lein', 'composer', 'ollama', 'pm2', 'supervisorctl', 'hg', 'svn', 'git-lfs', 'hub', 'conan', 'vcpkg', 'bazel', 'bazelisk', 'pdm', 'hatch',
      'rye', 'pixi', 'rails', 'jj', 'sl', 'glab', 'tea', 'doctl', 'eksctl', 'minikube', 'kind', 'k3d', 'skaffold', 'tilt', 'vagrant',
      'packer', 'nomad', 'consul', 'vault', 'ansible-galaxy', 'gem', 'cpan', 'opam', 'dune', 'zig', 'nimble', 'elm', 'pub', 'corepack', 'volta', 'fnm', 'nvm', 'pyenv', 'rbenv', 'asdf', 'mise',
    ].map((name) => [name, SUBCOMMAND_ONLY]),
  ),
};

export const INTERPRETERS: Readonly<Record<string, InterpreterSpec>> = {
  python: {
    valueOptions: ['-W', '-X'],
    flagOptions: ['-b', '-bb', '-B', '-d', '-E', '-i', '-I', '-O', '-OO', '-P', '-q', '-R', '-s', '-S', '-u', '-v', '-x', '-3'],
    codeOptions: ['-c'],
    moduleOption: '-m',
  },
  node: {
    valueOptions: ['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--input-type', '--env-file', '--inspect-port', '--title', '--stack-size', '--max-old-space-size'],
    flagOptions: ['--inspect', '--inspect-brk', '--enable-source-maps', '--no-warnings', '--trace-warnings', '--no-deprecation', '--expose-gc', '--experimental-strip-types', '--experimental-vm-modules'],
    codeOptions: ['-e', '--eval', '-p', '--print'],
  },
  ruby: { valueOptions: ['-r', '-I', '-C', '-E', '-F'], flagOptions: ['-w', '-W', '-v', '-d'], codeOptions: ['-e'] },
  perl: { valueOptions: ['-I', '-M', '-m'], flagOptions: ['-w', '-W', '-X', '-T', '-t', '-U'], codeOptions: ['-e', '-E'] },
  php: { valueOptions: ['-d', '-c'], flagOptions: ['-n', '-q'], codeOptions: ['-r'] },
  psql: { valueOptions: ['-h', '--host', '-p', '--port', '-U', '--username', '-d', '--dbname', '-v', '--set'], flagOptions: ['-X', '-q', '-A', '-t', '-w', '-W'], codeOptions: ['-c', '--command', '-f', '--file'] },
  mysql: { valueOptions: ['-h', '--host', '-P', '--port', '-u', '--user', '-D', '--database'], flagOptions: ['-N', '-B', '-s', '-t'], codeOptions: ['-e', '--execute'] },
  sqlite3: { codeOptions: ['-cmd'] },
  // Shells reached here run a script file or stdin; `sh -c` is unpacked before keys are made.
  sh: {},
  bash: {},
  zsh: {},
  dash: {},
  ksh: {},
  fish: { codeOptions: ['-c', '--command'] },
  pwsh: { codeOptions: ['-c', '-Command', '-command'] },
};

/**
 * Every argument matters: shell builtins that change the shell itself, and
 * programs that run a command we do not unpack (`ssh host CMD`, `watch CMD`,
 * `su -c CMD`). Approving one of these approves exactly that invocation.
 */
export const LITERAL_KEY_PROGRAMS = new Set([
  'export', 'unset', 'declare', 'typeset', 'local', 'readonly', 'set', 'shopt', 'hash', 'umask', 'ulimit', 'unalias',
  'su', 'runuser', 'ssh', 'watch', 'parallel', 'flock', 'chroot', 'nsenter', 'unshare', 'setsid', 'ionice', 'taskset', 'chrt',
  'strace', 'ltrace', 'valgrind', 'unbuffer', 'faketime', 'torsocks', 'proxychains', 'proxychains4', 'xvfb-run', 'systemd-run',
  'script', 'firejail', 'caffeinate', 'dbus-run-session', 'entr', 'nodemon', 'concurrently',
]);

export function interpreterSpec(program: string): InterpreterSpec | undefined {
  if (/^python[0-9.]*$/.test(program) || program === 'pypy3') return INTERPRETERS.python;
  if (program === 'nodejs') return INTERPRETERS.node;
  return Object.hasOwn(INTERPRETERS, program) ? INTERPRETERS[program] : undefined;
}

export function toolSpec(program: string): ToolSpec | undefined {
  return Object.hasOwn(TOOLS, program) ? TOOLS[program] : undefined;
}
