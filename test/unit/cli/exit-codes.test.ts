/**
 * The README's exit-code table is the single truth: this test reads it, checks that `EXIT` has exactly its
 * codes, and runs one real case per row. Under --json a failure prints one JSON error object on stdout in
 * the HTTP API's shape. File targets that cannot take files are refused with 6, naming the path.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { EXIT } from '../../../src/shared/errors.js';
import { type CliRun, REPO_ROOT, runBuiltCli, runCliForTest, spawnBuiltCli } from '../../helpers/run-cli.js';

const DEMO = join(REPO_ROOT, 'profiles', 'demo');
const EXAMPLE = join(REPO_ROOT, 'test', 'fixtures', 'profiles', 'example');

/** The rows of the README's "Exit codes" table: code and meaning. */
function readExitCodeTable(): Map<number, string> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Exit codes'));
  const table = section.slice(section.indexOf('| code |'));
  const rows = new Map<number, string>();
  for (const line of table.split('\n').slice(2)) {
    const match = /^\| (\d+) \| (.+) \|$/.exec(line);
    if (match === null) break;
    rows.set(Number(match[1]), match[2]!);
  }
  return rows;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'doppel-exit-codes-'));
  mkdirSync(join(dir, 'broken'));
  writeFileSync(join(dir, 'broken', 'plan.yaml'), 'version: 1\nprofile: [unclosed\n');
  writeFileSync(join(dir, 'a-file'), 'not a folder\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** In-process run whose stdout fails with an error doppel does not expect: an internal error. */
async function runWithBrokenStdout(args: readonly string[]): Promise<CliRun> {
  let stderr = '';
  const code = await runCli(args, {
    stdout: () => {
      throw new Error('the terminal went away');
    },
    stderr: (text) => {
      stderr += text;
    },
    isTTY: false,
  });
  return { code, stdout: '', stderr };
}

/** Generates into stdout until SIGTERM arrives (sent once the first rows are out). */
async function runCancelled(): Promise<CliRun> {
  const running = spawnBuiltCli([
    'generate',
    DEMO,
    '-t',
    '-',
    '--only',
    'public.customers',
    '--rows',
    'public.customers=100000000',
  ]);
  await running.waitForStdout(/\n/);
  running.child.kill('SIGTERM');
  return running.exited;
}

/** One case per row of the table: what runs, and a word its stderr must show. */
const CASES: Record<number, { run: () => Promise<CliRun>; stderr: RegExp }> = {
  0: { run: () => runCliForTest(['lint', DEMO]), stderr: /^$/ },
  1: { run: () => runCliForTest(['diff', DEMO, EXAMPLE]), stderr: /drift items/ },
  2: { run: () => runCliForTest(['lint', DEMO, '--no-such-flag']), stderr: /unknown option/ },
  3: { run: () => runCliForTest(['inspect', 'postgres://doppel@127.0.0.1:1/none']), stderr: /connect/i },
  4: { run: () => runCliForTest(['lint', join(dir, 'broken')]), stderr: /broken: 1 problem found/ },
  5: { run: () => runWithBrokenStdout(['lint', DEMO]), stderr: /internal error: the terminal went away/ },
  6: {
    run: () => runCliForTest(['generate', DEMO, '-t', join(dir, 'a-file')]),
    stderr: /a-file is a file, not a folder/,
  },
  130: { run: runCancelled, stderr: /Cancelled/ },
};

describe("the README's exit-code table", () => {
  const table = readExitCodeTable();

  it('lists exactly the codes of EXIT, each once', () => {
    expect([...table.keys()].sort((a, b) => a - b)).toEqual(
      Object.values(EXIT).sort((a: number, b: number) => a - b),
    );
    expect(
      Object.keys(CASES)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([...table.keys()].sort((a, b) => a - b));
  });

  it.each([...readExitCodeTable().entries()])(
    'exit %i (%s) has a case that ends with it',
    async (code) => {
      const { run, stderr } = CASES[code]!;
      const result = await run();
      expect(result.code, result.stderr).toBe(code);
      expect(result.stderr).toMatch(stderr);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    },
    180_000,
  );
});

describe('--json failures', () => {
  it('print one error object on stdout, in the HTTP shape, as well as the line on stderr', async () => {
    const run = await runCliForTest(['--json', 'generate', DEMO, '-t', join(dir, 'a-file')]);
    expect(run.code).toBe(EXIT.refused);
    expect(run.stderr).toContain('doppel: The target');
    expect(JSON.parse(run.stdout)).toEqual({
      error: { kind: 'refused', message: `The target ${join(dir, 'a-file')} is a file, not a folder.` },
    });
  });

  it('carry the problems of an invalid profile', async () => {
    const run = await runCliForTest(['--json', 'generate', join(dir, 'broken'), '-t', join(dir, 'out')]);
    expect(run.code).toBe(EXIT.invalidInput);
    const body = JSON.parse(run.stdout) as { error: { kind: string; problems?: { file: string }[] } };
    expect(body.error.kind).toBe('invalidInput');
    expect(body.error.problems?.[0]?.file).toContain('plan.yaml');
  });

  it('of usage print the error object too', async () => {
    const run = await runCliForTest(['--json', 'lint', DEMO, '--no-such-flag']);
    expect(run.code).toBe(EXIT.usage);
    expect(JSON.parse(run.stdout)).toEqual({
      error: { kind: 'usage', message: "unknown option '--no-such-flag'" },
    });
  });

  it('of lint print the lint result alone (one object, exit 4 as the README says)', async () => {
    const run = await runCliForTest(['--json', 'lint', join(dir, 'broken')]);
    expect(run.code).toBe(EXIT.invalidInput);
    const body = JSON.parse(run.stdout) as { ok: boolean; problems: unknown[] };
    expect(body.ok).toBe(false);
    expect(body.problems.length).toBeGreaterThan(0);
  });
});

describe('file targets that cannot take files', () => {
  it('refuses a path under a file, and kernel file systems, with 6 naming the path', async () => {
    for (const [target, message] of [
      [join(dir, 'a-file', 'below'), 'lies under a file, not a folder'],
      ['/proc/sys/kernel', 'is on procfs, a kernel file system'],
      ['/sys/doppel-out', 'is on sysfs, a kernel file system'],
    ] as const) {
      const run = await runCliForTest(['generate', DEMO, '-t', target, '--rows', 'public.customers=10']);
      expect(run.code, run.stderr).toBe(EXIT.refused);
      expect(run.stderr).toContain(`doppel: The target ${target} ${message}`);
    }
    // The built CLI in a process of its own: before this check, /proc made it spin and ignore SIGTERM.
    const target = '/proc/self/doppel-out';
    const run = await runBuiltCli(['generate', DEMO, '-t', target, '--rows', 'public.customers=10']);
    expect(run.code, run.stderr).toBe(EXIT.refused);
    expect(run.stderr).toContain(`doppel: The target ${target} is on procfs, a kernel file system`);
  }, 180_000);

  it('refuses a folder it may not write into with 6 naming the path', { timeout: 180_000 }, async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(dir, 0o755);
    const target = join(locked, 'out');
    const args = ['generate', DEMO, '-t', target, '--rows', 'public.customers=10'];
    // Root may write anywhere: run the CLI as an unprivileged user then.
    const asRoot = process.getuid?.() === 0;
    const run = asRoot ? runAsNobody(args) : await runBuiltCli(args);
    expect(run.code, run.stderr).toBe(EXIT.refused);
    expect(run.stderr).toContain(`doppel: The target ${target} cannot be created (EACCES).`);
  });
});

/** `node bin/doppel.js <args>` as the user nobody (from root). */
function runAsNobody(args: readonly string[]): CliRun {
  try {
    const stdout = execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'doppel.js'), ...args], {
      uid: 65534,
      gid: 65534,
      cwd: tmpdir(),
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
}
