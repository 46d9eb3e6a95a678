/**
 * Differential test: for strings the analysis understands, bash must run
 * exactly the commands, with exactly the argv, that the analysis lists.
 * Stand-in programs on PATH record their argv instead of doing anything.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyzeCommand } from './analyze-command';

const BASH = '/bin/bash';
const PROGRAMS = ['a', 'b', 'git', 'rm', 'cat'];
const FIELD = '\x1f';
const RECORD = '\x1e';

const root = mkdtempSync(join(tmpdir(), 'command-analysis-'));
after(() => rmSync(root, { recursive: true, force: true }));
const bin = join(root, 'bin');
const cwd = join(root, 'cwd');
mkdirSync(bin);
mkdirSync(cwd);
for (const program of PROGRAMS) {
  const script = join(bin, program);
  // One write per record: pipeline members run at the same time.
  writeFileSync(script, `#!/bin/sh\nline='${program}'\nfor a in "$@"; do line="$line${FIELD}$a"; done\nprintf '%s${RECORD}' "$line" >> "$ARGV_LOG"\n`);
  chmodSync(script, 0o755);
}

/** The argv of every program bash ran, sorted (pipeline members run concurrently). */
function runInBash(command: string): string[][] {
  const log = join(root, 'argv.log');
  writeFileSync(log, '');
  try {
    execFileSync(BASH, ['--norc', '--noprofile', '-c', command], {
      cwd,
      env: { PATH: `${bin}:/bin:/usr/bin`, ARGV_LOG: log },
      stdio: 'ignore',
    });
  } catch {
    // A pipeline member failing does not matter here.
  }
  return readFileSync(log, 'utf8').split(RECORD).filter(Boolean).map((record) => record.split(FIELD)).sort();
}

function assertAgrees(command: string): void {
  const analysis = analyzeCommand(command);
  assert.equal(analysis.complex, false, `expected ${JSON.stringify(command)} to be understood`);
  const ours = analysis.commands.map((simple) => simple.argv).sort();
  assert.deepEqual(runInBash(command), ours, JSON.stringify(command));
}

/** mulberry32: a small seeded generator, so failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const skip = existsSync(BASH) ? false : `${BASH} not found`;

test('agrees with bash on hand-picked tricky strings', { skip }, () => {
  for (const command of [
    'git status\nrm -rf x',
    'a a#b; rm x',
    'a # c\nrm y',
    "a 'it'\\''s' \"q\\\"r\" \\; x\\ y",
    'a \\\n b',
    'gi\\\nt status',
    'a 2 >o; b 2>e 12>f',
    'X=1 a; env Y=2 b',
    "bash -c 'a; sh -c \"b | git log\"'",
    "a |\n b &&\n rm z",
    'timeout 5 nice -n 1 a x; command b',
    "a $'plain' \"$'x'\" '$(id)' \\$HOME",
    'a "" \'\' "a\\zb" "a\\\\b" \'\\\'',
  ]) {
    assertAgrees(command);
  }
});

test('agrees with bash on generated strings', { skip }, () => {
  const next = random(20240601);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const args = ['x', "'x y'", '"q\\"r"', 'a#b', '\\;', "''", '""', "'it'\\''s'", '"a\'b"', "'a\"b'", '\\\\', '\\x', '{}', 'k=v', '-n', '2',
    "$'abc'", '"a\\zb"', "'#'", '\\#x', 'x\\ y', "'nl\nin'", '"$"', '5$', "'$X'", '\\$X', '"a\\\nb"', '\\\n', '"#"', '\\&', '\\|', "'>'",
    '2 >o', '2>e', '>o', '&>o', '>>o', 'a>o', '"2">o', "x'y'z", 'é', '!x', '[', ']', '{x}', '*.nomatch', '2>&1', '</dev/null'];
  const separators = [' ; ', ';', ' && ', ' | ', '|', '\n', ' # comment\n', ';\n', ' |\n ', ' &&\n'];
  const wrappers = ['', '', '', 'X=1 ', 'env ', 'env -u HOME ', 'env Y=2 ', 'timeout 5 ', 'nice -n 1 ', 'command ', 'time -p ', '/usr/bin/env '];
  const simple = () => {
    let text = pick(wrappers) + pick(PROGRAMS);
    for (let count = Math.floor(next() * 4); count > 0; count--) text += ' ' + pick(args);
    return text;
  };
  for (let iteration = 0; iteration < 150; iteration++) {
    let command = simple();
    for (let count = Math.floor(next() * 3); count > 0; count--) command += pick(separators) + simple();
    if (next() < 0.2) command = `bash -c '${command.replaceAll("'", "'\\''")}'`;
    assertAgrees(command);
  }
});
